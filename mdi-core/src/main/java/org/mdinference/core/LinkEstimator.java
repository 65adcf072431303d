package org.mdinference.core;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * What a device learns of its link to the server from the requests it makes, so that it can tell the server how
 * much of the SLA the network takes ({@code elapsed_ms} and {@code return_ms} of the zoo endpoint).
 *
 * <p>Each cloud call that got a reply is one observation: the bytes it sent and received and its <em>network
 * time</em>, the round trip the device measured minus the server's own {@code server_ms}. From these it keeps
 * <ul>
 *   <li>the <b>round-trip time</b>: the least network time observed within the last window (BBR's windowed
 *       minimum). Queueing only ever adds delay, so the least-queued trip is the best estimate of the path's own
 *       delay; the window lets the estimate follow a path that became slower;</li>
 *   <li>the <b>throughput</b>: a moving average (weight {@code alpha} on the newest) of bytes / (network time -
 *       round-trip time), over the observations where that excess and the bytes are positive: a trip no longer
 *       than the round trip, or one without bytes, says nothing about bandwidth. A device measures whole round
 *       trips only, so it cannot tell upload from download bandwidth: one rate serves both ways;</li>
 *   <li>the <b>reply size</b>: a moving average of the bytes received (a classifier's replies hardly vary);</li>
 *   <li>the <b>returns</b>: for the last {@link #RETURNS_KEPT} calls whose upload was predicted, the time the reply
 *       took beyond what the server was told ({@code elapsed_ms}) and what it says it spent ({@code server_ms}):
 *       the return trip plus the upload's error, which is exactly what the server must leave for after its
 *       answer. Their spread ({@link #returnSpread}) is what {@code return_quantiles_ms} tells the server.</li>
 * </ul>
 * A one-way trip of n bytes is predicted as half the round trip plus n bytes at the throughput (half the round
 * trip alone while no throughput is known).
 *
 * <p>It <b>knows nothing</b> before its first observation, and again once none lies within the window: a link not
 * heard from for that long may have changed beyond recognition, and a stale estimate that says the cloud cannot
 * make it would keep the device from ever asking again. Observing after such a silence starts afresh.
 *
 * <p>Unlike {@link NetworkEstimator}, the simulator's estimate, which is handed each request's true return time
 * and averages it, this one learns only from what a device can measure, and separates delay from bandwidth, so it
 * predicts requests of any size. Times are ms on the caller's clock; the estimator reads no clock itself.
 *
 * <p>Immutable: {@link #observe} returns the updated estimator, so one can be shared between threads and swapped
 * atomically.
 */
public final class LinkEstimator {

    /** Weight of the newest observation, as in the latency profiles. */
    public static final double DEFAULT_ALPHA = LatencyProfile.ALPHA;
    /** How long an observation counts for the round-trip time: BBR's 10 s. */
    public static final double DEFAULT_WINDOW_MS = 10_000;
    /**
     * Observations kept at most. Only those that could still be the window's minimum are kept (none older and
     * slower than a newer one), so this bounds memory only when network times keep rising; the oldest goes first.
     */
    static final int MAX_KEPT = 64;
    /** Returns kept: enough for a spread's tails, few enough to follow a link that changed. */
    public static final int RETURNS_KEPT = 32;
    /** Returns needed before their spread is told: fewer say little beyond their mean. */
    public static final int RETURNS_NEEDED = 4;

    private final double alpha;
    private final double windowMs;
    /** When each kept observation was made, and its network time; no kept one is older and slower than another. */
    private final double[] atMs;
    private final double[] networkMs;
    /** Bytes per ms, NaN until a trip longer than the round trip was seen. */
    private final double bytesPerMs;
    private final double replyBytes;
    /** The last returns, oldest first. */
    private final double[] returnsMs;

    private LinkEstimator(double alpha, double windowMs, double[] atMs, double[] networkMs, double bytesPerMs,
                          double replyBytes, double[] returnsMs) {
        this.alpha = alpha;
        this.windowMs = windowMs;
        this.atMs = atMs;
        this.networkMs = networkMs;
        this.bytesPerMs = bytesPerMs;
        this.replyBytes = replyBytes;
        this.returnsMs = returnsMs;
    }

    /** An estimator that has observed nothing yet, with {@link #DEFAULT_ALPHA} and {@link #DEFAULT_WINDOW_MS}. */
    public static LinkEstimator fresh() {
        return fresh(DEFAULT_ALPHA, DEFAULT_WINDOW_MS);
    }

    /**
     * An estimator that has observed nothing yet.
     *
     * @param alpha    weight of the newest observation in the throughput and reply-size averages, in (0, 1]
     * @param windowMs how long an observation counts for the round-trip time, positive
     */
    public static LinkEstimator fresh(double alpha, double windowMs) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        if (!(windowMs > 0) || !Double.isFinite(windowMs)) {
            throw new IllegalArgumentException("the window must be a positive number of ms, got " + windowMs);
        }
        return new LinkEstimator(alpha, windowMs, new double[0], new double[0], Double.NaN, 0, new double[0]);
    }

    /**
     * The estimator after one more cloud call.
     *
     * @param atMs      when the reply arrived
     * @param bytesUp   bytes the request took on the wire
     * @param bytesDown bytes the reply took on the wire
     * @param networkMs the round trip the device measured minus the server's own time
     */
    public LinkEstimator observe(double atMs, long bytesUp, long bytesDown, double networkMs) {
        return observe(atMs, bytesUp, bytesDown, networkMs, Double.NaN);
    }

    /**
     * The estimator after one more cloud call, with the time its reply took beyond what the server was told and
     * spent.
     *
     * @param returnMs the reply's arrival less the {@code elapsed_ms} told and the {@code server_ms} replied; NaN
     *                 when the call's upload was not predicted (the estimator knew nothing): its elapsed time then
     *                 left the whole upload out. Negative (the upload went faster than predicted) counts as 0
     */
    public LinkEstimator observe(double atMs, long bytesUp, long bytesDown, double networkMs, double returnMs) {
        if (!Double.isFinite(atMs)) {
            throw new IllegalArgumentException("an observation's time must be a finite number of ms, got " + atMs);
        }
        if (bytesUp < 0 || bytesDown < 0) {
            throw new IllegalArgumentException("byte counts must not be negative, got " + bytesUp + " up and "
                    + bytesDown + " down");
        }
        if (!(networkMs >= 0) || !Double.isFinite(networkMs)) {
            throw new IllegalArgumentException("a network time must be a non-negative number of ms, got "
                    + networkMs);
        }
        boolean afresh = !knows(atMs);
        int kept = 0;
        double[] at = new double[this.atMs.length + 1];
        double[] ms = new double[at.length];
        for (int i = 0; i < this.atMs.length && !afresh; i++) {
            boolean dominated = this.atMs[i] <= atMs && this.networkMs[i] >= networkMs;
            if (!dominated && this.atMs[i] >= atMs - windowMs) {
                at[kept] = this.atMs[i];
                ms[kept++] = this.networkMs[i];
            }
        }
        at[kept] = atMs;
        ms[kept++] = networkMs;
        int from = Math.max(0, kept - MAX_KEPT);
        at = Arrays.copyOfRange(at, from, kept);
        ms = Arrays.copyOfRange(ms, from, kept);

        double excessMs = networkMs - least(at, ms, atMs - windowMs);
        double rate = afresh ? Double.NaN : bytesPerMs;
        long bytes = bytesUp + bytesDown;
        if (excessMs > 0 && bytes > 0) {
            double sample = bytes / excessMs;
            rate = Double.isNaN(rate) ? sample : alpha * sample + (1 - alpha) * rate;
        }
        double reply = afresh ? bytesDown : alpha * bytesDown + (1 - alpha) * replyBytes;
        return new LinkEstimator(alpha, windowMs, at, ms, rate, reply, returns(afresh, returnMs));
    }

    /** The last returns with this one's, oldest first; this one's alone after a silence. */
    private double[] returns(boolean afresh, double returnMs) {
        double[] kept = afresh ? new double[0] : returnsMs;
        if (Double.isNaN(returnMs)) {
            return kept;
        }
        if (Double.isInfinite(returnMs)) {
            throw new IllegalArgumentException("a return time must be a finite number of ms, got " + returnMs);
        }
        int from = Math.max(0, kept.length + 1 - RETURNS_KEPT);
        double[] returns = Arrays.copyOfRange(kept, from, kept.length + 1);
        returns[returns.length - 1] = Math.max(0, returnMs);
        return returns;
    }

    /**
     * The spread of the returns seen lately, summarised to at most {@code points} quantiles
     * ({@link TimeSpread#summarising}): what the server weighs its candidates against. {@link TimeSpread#NONE}
     * while fewer than {@link #RETURNS_NEEDED} are known, or when the estimator {@linkplain #knows knows} nothing at
     * {@code nowMs}.
     */
    public TimeSpread returnSpread(double nowMs, int points) {
        return returnsMs.length < RETURNS_NEEDED || !knows(nowMs) ? TimeSpread.NONE
                : TimeSpread.summarising(returnsMs, points);
    }

    /** When the newest observation was made; negative infinity before the first. */
    public double lastHeardMs() {
        // the newest observation is always kept, last
        return atMs.length == 0 ? Double.NEGATIVE_INFINITY : atMs[atMs.length - 1];
    }

    /** Whether an observation lies within the window before {@code nowMs}: else the estimator knows nothing. */
    public boolean knows(double nowMs) {
        return least(atMs, networkMs, nowMs - windowMs) < Double.POSITIVE_INFINITY;
    }

    /**
     * The round-trip time: the least network time observed within the window.
     *
     * @throws IllegalStateException when the estimator {@linkplain #knows knows} nothing at {@code nowMs}
     */
    public double rttMs(double nowMs) {
        double least = least(atMs, networkMs, nowMs - windowMs);
        if (least == Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("the link estimator has no observation within " + windowMs
                    + " ms before " + nowMs + " ms; ask knows(now) first");
        }
        return least;
    }

    /** The throughput in bytes per ms, once a trip longer than the round trip has been seen. */
    public OptionalDouble bytesPerMs() {
        return Double.isNaN(bytesPerMs) ? OptionalDouble.empty() : OptionalDouble.of(bytesPerMs);
    }

    /** The expected size of the next reply: a moving average of the replies seen; 0 before the first. */
    public double replyBytes() {
        return replyBytes;
    }

    /**
     * How long a request of {@code requestBytes} is expected to take to reach the server.
     *
     * @throws IllegalStateException when the estimator {@linkplain #knows knows} nothing at {@code nowMs}
     */
    public double uploadMs(double nowMs, long requestBytes) {
        if (requestBytes < 0) {
            throw new IllegalArgumentException("a request cannot have " + requestBytes + " bytes");
        }
        return oneWayMs(nowMs, requestBytes);
    }

    /**
     * How long the reply, of the {@linkplain #replyBytes usual size}, is expected to take to come back.
     *
     * @throws IllegalStateException when the estimator {@linkplain #knows knows} nothing at {@code nowMs}
     */
    public double returnMs(double nowMs) {
        return oneWayMs(nowMs, replyBytes);
    }

    private double oneWayMs(double nowMs, double bytes) {
        double rtt = rttMs(nowMs);
        return rtt / 2 + (Double.isNaN(bytesPerMs) ? 0 : bytes / bytesPerMs);
    }

    /** The least of the network times observed at or after {@code sinceMs}; infinite when there is none. */
    private static double least(double[] atMs, double[] networkMs, double sinceMs) {
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < atMs.length; i++) {
            if (atMs[i] >= sinceMs) {
                least = Math.min(least, networkMs[i]);
            }
        }
        return least;
    }
}
