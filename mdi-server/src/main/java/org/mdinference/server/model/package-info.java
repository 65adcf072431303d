/**
 * The models a server serves: each zoo member with its runtime, preprocessing and profiled costs ({@link
 * org.mdinference.server.model.ServedModel}), the zoo they form ({@link org.mdinference.server.model.ServedZoo}),
 * and how a zoo folder becomes one on ONNX Runtime ({@link org.mdinference.server.model.ZooLoader}).
 */
@NullMarked
package org.mdinference.server.model;

import org.jspecify.annotations.NullMarked;
