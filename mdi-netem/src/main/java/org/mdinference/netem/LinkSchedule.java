package org.mdinference.netem;

import org.mdinference.traces.Link;

/**
 * When the bytes of one direction reach its far end. The link is first in, first out: a chunk read while it is
 * still pushing earlier ones (of any connection: a proxy stands for one device's access link) waits behind
 * them, and each byte then spends the one-way delay in flight.
 *
 * <p>A busy period is pushed through the trace as one transfer from the moment it began, rather than chunk after
 * chunk: on a packet trace the chunks of a busy link share delivery opportunities as Mahimahi's packets do,
 * instead of each wasting the rest of its last one.
 *
 * <p>Every chunk is cut into packet-sized slices, each with its own arrival time, so the far end sees data come
 * in as the link carries it, not a whole read's worth at once after the read's last byte has gone through.
 */
final class LinkSchedule {

    /** The slice of data that arrives as one: an Ethernet MTU, Mahimahi's packet size. */
    static final int SLICE_BYTES = 1500;

    private final Link link;
    private final double delayMs;

    // guarded by this: the busy period the latest chunk belongs to
    private double busyFromMs;
    private long busyBytes;
    private double busyUntilMs = Double.NEGATIVE_INFINITY;

    /** @param delayMs what every byte spends in flight after the link has pushed it through, ms */
    LinkSchedule(Link link, double delayMs) {
        this.link = link;
        this.delayMs = delayMs;
    }

    /** How many slices a chunk of {@code bytes} makes; the end of a stream (0 bytes) makes one. */
    static int slices(int bytes) {
        return Math.max(1, (bytes + SLICE_BYTES - 1) / SLICE_BYTES);
    }

    /**
     * When each slice of a chunk of {@code bytes} read at {@code readMs} arrives, in trace ms. The end of a stream
     * is a chunk of 0 bytes: it takes no capacity, but arrives behind everything scheduled before it.
     */
    synchronized double[] arrivalsMs(double readMs, int bytes) {
        if (readMs > busyUntilMs) {
            busyFromMs = readMs;
            busyBytes = 0;
        }
        double[] arrivals = new double[slices(bytes)];
        if (bytes == 0) {
            arrivals[0] = Math.max(readMs, busyUntilMs) + delayMs;
            return arrivals;
        }
        for (int slice = 0; slice < arrivals.length; slice++) {
            long through = busyBytes + Math.min((long) (slice + 1) * SLICE_BYTES, bytes);
            arrivals[slice] = busyFromMs + link.transferMs(busyFromMs, through) + delayMs;
        }
        busyBytes += bytes;
        busyUntilMs = arrivals[arrivals.length - 1] - delayMs;
        return arrivals;
    }
}
