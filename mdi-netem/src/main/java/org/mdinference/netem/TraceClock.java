package org.mdinference.netem;

import java.util.concurrent.locks.LockSupport;

/**
 * A proxy's clock in ms on its trace, read from {@link System#nanoTime()}: it shows the offset when the proxy
 * starts and runs on at real speed (the links wrap it around their traces' ends).
 */
final class TraceClock {

    private static final double NANOS_PER_MS = 1e6;

    private final long startNanos;
    private final double offsetMs;

    TraceClock(long startNanos, double offsetMs) {
        this.startNanos = startNanos;
        this.offsetMs = offsetMs;
    }

    /** A clock that shows {@code offsetMs} now. */
    static TraceClock startingNow(double offsetMs) {
        return new TraceClock(System.nanoTime(), offsetMs);
    }

    double nowMs() {
        return msAt(System.nanoTime());
    }

    /** Where a {@link System#nanoTime()} reading falls on the trace. */
    double msAt(long nanoTime) {
        return offsetMs + (nanoTime - startNanos) / NANOS_PER_MS;
    }

    /** The {@link System#nanoTime()} reading at which the clock shows {@code traceMs}. */
    long nanosAt(double traceMs) {
        return startNanos + Math.round((traceMs - offsetMs) * NANOS_PER_MS);
    }

    /**
     * Parks the calling thread until the clock shows {@code traceMs}; returns at once when it already has. Parking
     * to the nanosecond, not sleeping whole ms, keeps a small message's delay at its transfer time rather than
     * rounding it up to the next ms.
     *
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    void awaitMs(double traceMs) throws InterruptedException {
        long dueNanos = nanosAt(traceMs);
        for (long waitNanos = dueNanos - System.nanoTime(); waitNanos > 0; waitNanos = dueNanos - System.nanoTime()) {
            LockSupport.parkNanos(this, waitNanos);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for " + traceMs + " ms on the trace");
            }
        }
    }
}
