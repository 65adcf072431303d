package org.mdinference.server.scheduling;

/** Told of every batch a queue ran: the live profiles learn from it, the metrics count it. */
@FunctionalInterface
public interface BatchObserver {

    BatchObserver NONE = (model, items, batchMs, handOffMs) -> { };

    /**
     * A batch of {@code items} items of {@code model} took {@code batchMs} to run, then {@code handOffMs} to
     * complete its requests (their replies are written on that thread); called on the thread that ran it, after.
     */
    void batchRan(String model, int items, double batchMs, double handOffMs);

    /**
     * The batch just reported waited {@code queueMs} in the queue of the server that ran it (a remote member's), on
     * top of its run; not called for batches run here.
     */
    default void queuedRemotely(String model, double queueMs) {
    }

    /**
     * A batch of {@code items} items of {@code model} failed with {@code failure} (its runtime's error, a remote
     * member's call); called on the thread that ran it, after its requests were failed. Not called for warm-ups.
     */
    default void batchFailed(String model, int items, Throwable failure) {
    }
}
