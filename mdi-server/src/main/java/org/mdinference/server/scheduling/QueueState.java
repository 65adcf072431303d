package org.mdinference.server.scheduling;

/**
 * A model queue at one moment, as the wait estimate needs it.
 *
 * @param queuedItems    items admitted and not yet in a batch
 * @param runningItems   items of each batch running now, one entry per busy worker
 * @param runningSinceNanos when each of those batches started, on the queue's clock
 */
public record QueueState(int queuedItems, int[] runningItems, long[] runningSinceNanos) {
}
