package org.mdinference.client;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What became of a request's cloud call by the time its answer was returned: whether a zoo member answered in
 * time, what the device told the server of the network, what the server replied, and the bytes on the wire.
 * Immutable.
 */
public final class CloudOutcome {

    /** How the cloud call ended, as far as the answer could see. */
    public enum Status {
        /** A member's answer arrived by the deadline; it is the answer. */
        SERVED,
        /** The server said at once that no member can answer within the budget. */
        NO_MODEL_FITS,
        /** No member's answer arrived by the deadline: none had arrived when the answer was returned, or it came
         *  after the deadline. */
        LATE,
        /** The call failed: no connection, an HTTP error, or a reply that is not an answer; see the reason. */
        FAILED,
        /** Not sent: the link's estimate left no time for the cloud within the SLA; see the reason. */
        SKIPPED,
        /** Not sent: the device's confidence gate was on and the device model's answer was above its threshold, so
         *  the device answered at once; see the reason. No bytes sent, nothing told. */
        GATED
    }

    private final Status status;
    private final String reason;
    private final Optional<String> model;
    private final OptionalDouble budgetMs;
    private final OptionalDouble replyMs;
    private final double elapsedMs;
    private final double returnMs;
    private final long bytesSent;
    private final long bytesReceived;

    CloudOutcome(Status status, String reason, Optional<String> model, OptionalDouble budgetMs, OptionalDouble replyMs,
                 double elapsedMs, double returnMs, long bytesSent, long bytesReceived) {
        this.status = status;
        this.reason = reason;
        this.model = model;
        this.budgetMs = budgetMs;
        this.replyMs = replyMs;
        this.elapsedMs = elapsedMs;
        this.returnMs = returnMs;
        this.bytesSent = bytesSent;
        this.bytesReceived = bytesReceived;
    }

    public Status status() {
        return status;
    }

    /**
     * Why the call {@linkplain Status#FAILED failed}, was {@linkplain Status#SKIPPED skipped} or
     * {@linkplain Status#GATED gated}; else empty.
     */
    public Optional<String> reason() {
        return reason.isEmpty() ? Optional.<String>empty() : Optional.of(reason);
    }

    /** The member whose answer arrived, in time or late; empty when none arrived before the answer. */
    public Optional<String> model() {
        return model;
    }

    /** The server's budget for the request ({@code sla_ms - elapsed_ms - return_ms}), when a reply arrived. */
    public OptionalDouble budgetMs() {
        return budgetMs;
    }

    /** When the reply arrived, ms after the request started, if it did before the answer was returned. */
    public OptionalDouble replyMs() {
        return replyMs;
    }

    /**
     * The {@code elapsed_ms} the device told the server: its own time before sending plus the estimated upload
     * (its own time alone while the link estimator knows nothing). For a skipped call, what it would have told; for a
     * gated one, 0: it told nothing.
     */
    public double elapsedMs() {
        return elapsedMs;
    }

    /** The {@code return_ms} the device told the server: the estimated return trip, 0 while nothing is known. */
    public double returnMs() {
        return returnMs;
    }

    /** HTTP bytes written for the request (request line, headers, body) by the time the answer was returned. */
    public long bytesSent() {
        return bytesSent;
    }

    /** HTTP bytes of the reply (status line, headers, body as sent) read by the time the answer was returned. */
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(status.name().toLowerCase(Locale.ROOT));
        if (model.isPresent()) {
            text.append(" by ").append(model.get());
        }
        if (!reason.isEmpty()) {
            text.append(": ").append(reason);
        }
        return text.append(String.format(Locale.ROOT, " (told elapsed %.3f ms, return %.3f ms; %d B up, %d B down)",
                elapsedMs, returnMs, bytesSent, bytesReceived)).toString();
    }
}
