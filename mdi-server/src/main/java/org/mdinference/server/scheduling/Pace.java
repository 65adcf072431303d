package org.mdinference.server.scheduling;

/**
 * How a model runs on this server now, against its profile: what the queue-wait estimate needs besides the queue.
 *
 * @param drift     the live mean of a lone request over the profiled one: above 1 when the machine has slowed down
 * @param spread    the live standard deviation over the live mean: how far one batch may stray from its cost
 * @param handOffMs what a worker spends after each batch before it takes the next: completing the batch's requests,
 *                  which encodes and writes their replies on that worker's thread
 * @param remoteQueueMs how long a remote member's own server has lately queued each batch before running it (its
 *                  replies' {@code queue_ms}): a wait on top of this server's queue; 0 for a member run here
 */
public record Pace(double drift, double spread, double handOffMs, double remoteQueueMs) {

    /** Exactly as profiled, every batch at its mean, nothing between batches. */
    public static final Pace PROFILED = new Pace(1, 0, 0, 0);
}
