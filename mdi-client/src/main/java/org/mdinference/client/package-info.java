/**
 * The device side of MDInference: {@link org.mdinference.client.MdiClient} runs the device's own model
 * ({@link org.mdinference.client.DeviceModel}) beside a request to the cloud's zoo and returns the cloud's answer when
 * it arrives by the deadline, the device's otherwise.
 *
 * <p>Public: {@code MdiClient} and its builder, {@code ClientInput}, {@code DeviceModel}, {@code RequestOptions},
 * {@code Classification}, {@code CloudOutcome}, {@code LinkEstimate}, {@code NoAnswerException},
 * {@code GateThresholds}; everything else is package-private, and no public signature names a type of mdi-core. The
 * API and its implementation keep to what Android API level 24 offers ({@code CompletableFuture},
 * {@code java.util.function}), which the build checks (animal-sniffer): OkHttp for HTTP, Jackson's streaming parser
 * for JSON, no reflection. ONNX Runtime for the JVM stays in {@code org.mdinference.client.onnx}, which an Android
 * app does not load.
 */
@NullMarked
package org.mdinference.client;

import org.jspecify.annotations.NullMarked;
