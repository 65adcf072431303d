package org.mdinference.client;

import java.util.Locale;
import java.util.OptionalDouble;
import org.mdinference.core.LinkEstimator;

/**
 * What a client knew of its link to the server at one moment on its clock: what it tells the server of the
 * network on the next request ({@code elapsed_ms}, {@code return_ms}). Learned from every cloud reply that says how
 * long the server held the request; it knows nothing before the first such reply, and again after 10 s without one.
 * Immutable.
 */
public final class LinkEstimate {

    private final OptionalDouble rttMs;
    private final OptionalDouble bytesPerMs;
    private final double replyBytes;
    private final double[] returnsMs;

    private LinkEstimate(OptionalDouble rttMs, OptionalDouble bytesPerMs, double replyBytes, double[] returnsMs) {
        this.rttMs = rttMs;
        this.bytesPerMs = bytesPerMs;
        this.replyBytes = replyBytes;
        this.returnsMs = returnsMs;
    }

    /** The estimator's view at {@code nowMs}, on the clock it was fed with. */
    static LinkEstimate of(LinkEstimator estimator, double nowMs) {
        if (!estimator.knows(nowMs)) {
            return new LinkEstimate(OptionalDouble.empty(), OptionalDouble.empty(), 0, new double[0]);
        }
        return new LinkEstimate(OptionalDouble.of(estimator.rttMs(nowMs)), estimator.bytesPerMs(),
                estimator.replyBytes(), CloudSender.returnsTold(estimator, nowMs));
    }

    /**
     * The round-trip time of the network alone: the least network time of the last 10 s. Empty when the client
     * knows nothing of the link; the device then tells the server its own time and no return trip.
     */
    public OptionalDouble rttMs() {
        return rttMs;
    }

    /** Bytes per ms, once a reply took longer than the round trip; empty while unknown. */
    public OptionalDouble bytesPerMs() {
        return bytesPerMs;
    }

    /** The expected size of the next reply on the wire, a moving average; 0 while nothing is known. */
    public double replyBytes() {
        return replyBytes;
    }

    /**
     * The spread of the last returns, as the quantiles the next request tells the server
     * ({@code return_quantiles_ms}), ascending: each the time a reply took beyond what the server was told had
     * elapsed and what it spent. Empty until a few replies to requests with a predicted upload came back.
     */
    public double[] returnsMs() {
        return returnsMs.clone();
    }

    @Override
    public String toString() {
        if (!rttMs.isPresent()) {
            return "LinkEstimate[nothing known]";
        }
        return String.format(Locale.ROOT, "LinkEstimate[rtt %.3f ms, %s, replies of %.0f B]", rttMs.getAsDouble(),
                bytesPerMs.isPresent() ? String.format(Locale.ROOT, "%.1f B/ms", bytesPerMs.getAsDouble())
                        : "throughput unknown", replyBytes);
    }
}
