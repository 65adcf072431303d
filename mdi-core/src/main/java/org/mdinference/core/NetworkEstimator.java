package org.mdinference.core;

/**
 * What a device can know of the network: a moving average of the return trips it has observed. Until it has
 * seen one, it follows the paper and assumes the return costs what the upload did.
 *
 * <p>Immutable: {@link #observe} returns the updated estimator.
 */
public final class NetworkEstimator {

    /** Weight of the newest observation, as in the latency profiles. */
    public static final double DEFAULT_ALPHA = 0.5;

    private final double alpha;
    private final double returnMs;
    private final boolean seen;

    private NetworkEstimator(double alpha, double returnMs, boolean seen) {
        this.alpha = alpha;
        this.returnMs = returnMs;
        this.seen = seen;
    }

    /** An estimator that has observed nothing yet. */
    public static NetworkEstimator fresh(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        return new NetworkEstimator(alpha, 0, false);
    }

    public static NetworkEstimator fresh() {
        return fresh(DEFAULT_ALPHA);
    }

    /** The estimator after the device saw a reply take {@code observedReturnMs} on its way back. */
    public NetworkEstimator observe(double observedReturnMs) {
        if (!(observedReturnMs >= 0) || !Double.isFinite(observedReturnMs)) {
            throw new IllegalArgumentException("a return time must be a non-negative number of ms, got "
                    + observedReturnMs);
        }
        double next = seen ? alpha * observedReturnMs + (1 - alpha) * returnMs : observedReturnMs;
        return new NetworkEstimator(alpha, next, true);
    }

    /** The expected return time of the next reply, given what its upload took. */
    public double expectedReturnMs(double uploadMs) {
        return seen ? returnMs : uploadMs;
    }

    /** The budget of a request whose upload took {@code uploadMs}, as this device sees it. */
    public Budget budget(double slaMs, double uploadMs) {
        return new Budget(slaMs, uploadMs, expectedReturnMs(uploadMs));
    }
}
