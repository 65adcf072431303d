package org.mdinference.onnx;

import java.util.Objects;

/** One line of {@code profile.csv}: a model's latency at one batch size and thread count, with its accuracy. */
public record ProfileRow(String model, int batch, int threads, LatencyStats latency, double top1, boolean onDevice) {

    public ProfileRow {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(latency, "latency");
        if (batch < 1 || threads < 1) {
            throw new IllegalArgumentException("batch and threads must be at least 1, got " + batch + " and " + threads);
        }
        if (!(top1 >= 0 && top1 <= 1)) {
            throw new IllegalArgumentException("top1 must be a fraction in [0, 1], got " + top1);
        }
    }

    /** Mean milliseconds per item of the batch: what batching buys. */
    public double perItemMs() {
        return latency.meanMs() / batch;
    }
}
