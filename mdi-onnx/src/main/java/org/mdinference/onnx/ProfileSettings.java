package org.mdinference.onnx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the profiler measures: timed runs per batch size, the largest batch size (batch sizes are the powers of two
 * up to it), and the time after which a slow model stops being measured at one batch size once it has
 * {@link #MIN_RUNS} samples, so that a whole zoo is profiled in minutes.
 */
public record ProfileSettings(int runs, int maxBatch, Duration timeLimit) {

    /** Samples a batch size gets even when it passes the time limit (the whole {@code runs} if fewer). */
    public static final int MIN_RUNS = 20;
    public static final int MAX_BATCH_LIMIT = 1024;

    public ProfileSettings {
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        if (maxBatch < 1 || maxBatch > MAX_BATCH_LIMIT || Integer.bitCount(maxBatch) != 1) {
            throw new IllegalArgumentException("the largest batch must be a power of two from 1 to " + MAX_BATCH_LIMIT
                    + ", got " + maxBatch);
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the time limit per batch size must be positive, got " + timeLimit);
        }
    }

    /** 1, 2, 4, ... up to {@link #maxBatch}. */
    public List<Integer> batchSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (int size = 1; size <= maxBatch; size *= 2) {
            sizes.add(size);
        }
        return sizes;
    }
}
