package org.mdinference.server.scheduling;

/** Runs one batch of n items laid out one after another and returns each item's output. */
@FunctionalInterface
public interface BatchRunner {

    float[][] run(float[] batch, int n);

    /**
     * Runs the batch for callers who wait at most {@code timeoutNanos} for it. A model in this process runs it to the
     * end whatever the limit (its run cannot be stopped part-way); a runner that calls another server gives up by
     * then, and tells how long the batch waited in that server's queue.
     *
     * @param timeoutNanos {@link Long#MAX_VALUE}: no limit
     */
    default BatchOutput run(float[] batch, int n, long timeoutNanos) {
        return new BatchOutput(run(batch, n), 0);
    }
}
