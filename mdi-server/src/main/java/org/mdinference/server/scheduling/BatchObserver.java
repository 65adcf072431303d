package org.mdinference.server.scheduling;

/** Told of every batch a queue ran: the live profiles learn from it, the metrics count it. */
@FunctionalInterface
public interface BatchObserver {

    BatchObserver NONE = (model, items, batchMs) -> { };

    /** A batch of {@code items} items of {@code model} took {@code batchMs}; called on the worker thread. */
    void batchRan(String model, int items, double batchMs);
}
