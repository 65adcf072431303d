package org.mdinference.core;

/**
 * The time a request leaves for inference: its end-to-end target on the device minus what the network has
 * already spent delivering it and what the reply is expected to need on the way back.
 *
 * <p>The paper writes {@code t_budget = t_sla - (t_transfer + t_network)}; when the return trip is unknown it is
 * taken equal to the upload ({@link #assumingSymmetricReturn}).
 *
 * @param slaMs     the end-to-end latency target on the device
 * @param elapsedMs time already spent before the server received the request (the upload)
 * @param returnMs  expected time of the reply's trip back to the device
 */
public record Budget(double slaMs, double elapsedMs, double returnMs) {

    public Budget {
        requireFinite("sla", slaMs);
        requireFinite("elapsed", elapsedMs);
        requireFinite("return", returnMs);
        if (elapsedMs < 0 || returnMs < 0) {
            throw new IllegalArgumentException(
                    "network times must not be negative, got elapsed " + elapsedMs + " and return " + returnMs);
        }
    }

    /** The paper's rule when the return trip is unknown: it is taken to cost what the upload cost. */
    public static Budget assumingSymmetricReturn(double slaMs, double uploadMs) {
        return new Budget(slaMs, uploadMs, uploadMs);
    }

    /** Time left for queueing and inference; negative when the network alone already misses the target. */
    public double remainingMs() {
        return slaMs - elapsedMs - returnMs;
    }

    private static void requireFinite(String what, double ms) {
        if (!Double.isFinite(ms)) {
            throw new IllegalArgumentException(what + " time must be a finite number of ms, got " + ms);
        }
    }
}
