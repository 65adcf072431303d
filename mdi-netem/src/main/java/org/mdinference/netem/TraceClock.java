package org.mdinference.netem;

/**
 * A proxy's clock in ms on its trace, read from its {@link Ticker}: it shows the offset when the proxy starts and
 * runs on at the ticker's speed (the links wrap it around their traces' ends).
 */
final class TraceClock {

    private static final double NANOS_PER_MS = 1e6;

    private final Ticker ticker;
    private final long startNanos;
    private final double offsetMs;

    TraceClock(Ticker ticker, long startNanos, double offsetMs) {
        this.ticker = ticker;
        this.startNanos = startNanos;
        this.offsetMs = offsetMs;
    }

    /** A clock that shows {@code offsetMs} now. */
    static TraceClock startingNow(Ticker ticker, double offsetMs) {
        return new TraceClock(ticker, ticker.nanoTime(), offsetMs);
    }

    double nowMs() {
        return msAt(ticker.nanoTime());
    }

    /** Where a reading of the ticker falls on the trace. */
    double msAt(long nanoTime) {
        return offsetMs + (nanoTime - startNanos) / NANOS_PER_MS;
    }

    /** The reading of the ticker at which the clock shows {@code traceMs}. */
    long nanosAt(double traceMs) {
        return startNanos + Math.round((traceMs - offsetMs) * NANOS_PER_MS);
    }

    /**
     * Waits until the clock shows {@code traceMs}; returns at once when it already has.
     *
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    void awaitMs(double traceMs) throws InterruptedException {
        ticker.awaitNanos(nanosAt(traceMs));
    }
}
