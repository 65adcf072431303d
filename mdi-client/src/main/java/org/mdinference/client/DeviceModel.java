package org.mdinference.client;

import java.util.Optional;

/**
 * The model the device runs beside every cloud request: its answer is the one the app gets when the cloud's does
 * not arrive by the deadline. {@link MdiClient} calls it on its own device threads, possibly several at once, so
 * an implementation must be thread-safe (an ONNX Runtime session is).
 *
 * <p>On the JVM, {@code org.mdinference.client.onnx.OnnxDeviceModel} runs a zoo's on-device model through ONNX
 * Runtime; an Android app implements this with onnxruntime-android, TensorFlow Lite or any other engine
 * (docs/android.md). The SDK does not own the model: whoever made it closes it.
 */
public interface DeviceModel {

    /** The model's name, as the zoo's manifest gives it. */
    String name();

    /**
     * Classifies one input.
     *
     * @return the logits (or log-probabilities) of each class, in the label order the cloud's models use
     * @throws Exception when the input does not suit the model or the engine fails: the request then has only the
     *     cloud's answer, if it comes by the deadline
     */
    float[] logits(ClientInput input) throws Exception;

    /**
     * The model's top-1 accuracy on the zoo's labelled test set (the manifest's {@code top1}), or NaN when unknown.
     * The client tells the server (parameter {@code min_accuracy}), which then answers only from more accurate
     * members: a cloud answer from a weaker one would be a worse answer than the one the device already has.
     */
    default double accuracy() {
        return Double.NaN;
    }

    /**
     * The calibration of this model's confidence gate (its zoo manifest's {@code gate}, written by
     * {@code mdi zoo calibrate}), read once when a client is built; empty (the default) when there is none, and a
     * request that turns the gate on ({@link RequestOptions#withGateMaxLoss}) is then refused. The thresholds hold
     * only for this very model and the zoo it was calibrated against.
     */
    default Optional<GateThresholds> gateThresholds() {
        return Optional.empty();
    }

    /**
     * Runs the model once on an input of its own making, so that the first request does not pay for the engine's
     * lazy start (a session's first run, an image decoder's loading); {@link MdiClient#warmUp} calls it on a device
     * thread. The default does nothing.
     *
     * @throws Exception when the engine fails: {@link MdiClient#warmUp}'s future then fails with it
     */
    default void warmUp() throws Exception {
    }
}
