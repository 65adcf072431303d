package org.mdinference.sim;

/** Nearest-rank percentiles: each one a value some request really had, as the reports print them. */
public final class Percentile {

    private Percentile() {
    }

    /** The q-th (0..1) nearest-rank percentile of sorted values; NaN when there are none. */
    public static double of(double[] sorted, double q) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, rank))];
    }
}
