package org.mdinference.core;

/**
 * What a device can know of the network: a moving average of the return trips it has observed (the paper's
 * estimate), and the last {@value #RECENT} uploads and returns, from which {@link #recentReturns} tells how the
 * next return may go after an upload of a given time. Until it has seen one, it follows the paper and assumes the
 * return costs what the upload did.
 *
 * <p>Immutable: {@link #observe} returns the updated estimator.
 */
public final class NetworkEstimator {

    /** Weight of the newest observation, as in the latency profiles. */
    public static final double DEFAULT_ALPHA = 0.5;
    /**
     * Pairs kept: a mobile link's slow returns are rare and heavy (one in twenty takes several times the median), and
     * a few hundred show how rare; fewer follow a changing link faster but misjudge the tail.
     */
    public static final int RECENT = 256;
    /** The quantiles a decision weighs: as good as all {@value #RECENT} guesses, at an eighth of the cost. */
    public static final int SPREAD_POINTS = 32;

    private final double alpha;
    private final double returnMs;
    /** The uploads and returns seen last, pairwise, the newest last. */
    private final double[] uploads;
    private final double[] returns;

    private NetworkEstimator(double alpha, double returnMs, double[] uploads, double[] returns) {
        this.alpha = alpha;
        this.returnMs = returnMs;
        this.uploads = uploads;
        this.returns = returns;
    }

    /** An estimator that has observed nothing yet. */
    public static NetworkEstimator fresh(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        return new NetworkEstimator(alpha, 0, new double[0], new double[0]);
    }

    public static NetworkEstimator fresh() {
        return fresh(DEFAULT_ALPHA);
    }

    /** The estimator after a request's upload took {@code uploadMs} and its reply {@code returnMs} on the way back. */
    public NetworkEstimator observe(double uploadMs, double returnMs) {
        requireTime("an upload", uploadMs);
        requireTime("a return", returnMs);
        double next = seen() ? alpha * returnMs + (1 - alpha) * this.returnMs : returnMs;
        return new NetworkEstimator(alpha, next, appended(uploads, uploadMs), appended(returns, returnMs));
    }

    private boolean seen() {
        return returns.length > 0;
    }

    private static double[] appended(double[] recent, double ms) {
        int kept = Math.min(recent.length, RECENT - 1);
        double[] next = new double[kept + 1];
        System.arraycopy(recent, recent.length - kept, next, 0, kept);
        next[kept] = ms;
        return next;
    }

    private static void requireTime(String what, double ms) {
        if (!(ms >= 0) || !Double.isFinite(ms)) {
            throw new IllegalArgumentException(what + " time must be a non-negative number of ms, got " + ms);
        }
    }

    /**
     * How the return after an upload of {@code uploadMs} may go, one guess per pair seen: the least-squares line of
     * return on upload over the recent pairs, at this upload, plus each pair's own residual. Where both directions
     * share one state (a congested cell slows both), a slow upload then foretells a slow return; where they do not,
     * the slope is 0 and the guesses are the recent returns themselves. Kept as {@value #SPREAD_POINTS} quantiles;
     * empty before the first pair.
     */
    public TimeSpread recentReturns(double uploadMs) {
        int n = returns.length;
        double meanUpload = 0;
        double meanReturn = 0;
        for (int i = 0; i < n; i++) {
            meanUpload += uploads[i] / n;
            meanReturn += returns[i] / n;
        }
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            covariance += (uploads[i] - meanUpload) * (returns[i] - meanReturn);
            variance += (uploads[i] - meanUpload) * (uploads[i] - meanUpload);
        }
        // a return does not get faster as the upload slows: a negative slope is noise
        double slope = variance > 0 ? Math.max(0, covariance / variance) : 0;
        double[] guesses = new double[n];
        for (int i = 0; i < n; i++) {
            guesses[i] = Math.max(0, returns[i] + slope * (uploadMs - uploads[i]));
        }
        return TimeSpread.summarising(guesses, SPREAD_POINTS);
    }

    /** The expected return time of the next reply, given what its upload took. */
    public double expectedReturnMs(double uploadMs) {
        return seen() ? returnMs : uploadMs;
    }

    /** The budget of a request whose upload took {@code uploadMs}, as this device sees it. */
    public Budget budget(double slaMs, double uploadMs) {
        return new Budget(slaMs, uploadMs, expectedReturnMs(uploadMs));
    }
}
