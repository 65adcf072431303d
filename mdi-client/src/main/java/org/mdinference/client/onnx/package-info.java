/**
 * The device model on the JVM: {@link org.mdinference.client.onnx.OnnxDeviceModel} runs a zoo's on-device model through
 * ONNX Runtime and mdi-onnx (an optional dependency of mdi-client). Kept apart so that an Android app, which plugs
 * its own engine into {@link org.mdinference.client.DeviceModel}, never loads it.
 */
@NullMarked
package org.mdinference.client.onnx;

import org.jspecify.annotations.NullMarked;
