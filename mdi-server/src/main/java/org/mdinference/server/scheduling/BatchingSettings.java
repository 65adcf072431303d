package org.mdinference.server.scheduling;

import java.time.Duration;
import java.util.Objects;

/**
 * How one model's queue batches: at most {@code maxBatch} items per run, a batch waits at most {@code maxDelay}
 * after its first item's arrival for more to join, the queue holds at most {@code capacity} items, and
 * {@code workers} batches run at once.
 */
public record BatchingSettings(int maxBatch, Duration maxDelay, int capacity, int workers) {

    public BatchingSettings {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch must be at least 1, got " + maxBatch);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("max queue delay must not be negative, got " + maxDelay);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1 item, got " + capacity);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers per model must be at least 1, got " + workers);
        }
    }
}
