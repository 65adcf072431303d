package org.mdinference.traces;

/**
 * How a throughput or packet trace becomes per-request times: the bytes each way, the base round-trip time
 * added to every request, the factor applied to a downlink trace to stand for the (usually slower) uplink, and
 * the time between consecutive requests on the trace's clock.
 */
public record TransferSettings(double payloadKb, double replyKb, double baseRttMs, double uplinkScale,
                               double requestIntervalMs) {

    /** A 20 KB request (a compressed 224-pixel JPEG), a 1 KB reply, 40 ms RTT, one request a second. */
    public static final TransferSettings DEFAULTS = new TransferSettings(20, 1, 40, 1.0, 1000);

    public TransferSettings {
        positive("payload size (KB)", payloadKb);
        if (!(replyKb >= 0) || !Double.isFinite(replyKb)) {
            throw new IllegalArgumentException("reply size must be a non-negative number of KB, got " + replyKb);
        }
        if (!(baseRttMs >= 0) || !Double.isFinite(baseRttMs)) {
            throw new IllegalArgumentException("base RTT must be a non-negative number of ms, got " + baseRttMs);
        }
        positive("uplink scale", uplinkScale);
        positive("request interval (ms)", requestIntervalMs);
    }

    public long payloadBytes() {
        return Math.round(payloadKb * 1000);
    }

    public long replyBytes() {
        return Math.round(replyKb * 1000);
    }

    private static void positive(String what, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a positive number, got " + value);
        }
    }
}
