package org.mdinference.core;

import java.util.Arrays;

/**
 * The return trips a device saw last, taken as the distribution of the next one's: a mobile link's return swings
 * with its load and signal, and one moving average hides how often a reply is slow. Immutable.
 */
public final class ReturnSpread {

    /** Nothing seen: a decision then has the return's point estimate only. */
    public static final ReturnSpread NONE = new ReturnSpread(new double[0]);

    /** Beyond 8 deviations the normal's CDF is 1 or 0 to within 1e-15. */
    private static final double EIGHT_DEVIATIONS = 8;

    private final double[] sortedMs;

    private ReturnSpread(double[] sortedMs) {
        this.sortedMs = sortedMs;
    }

    /**
     * @throws IllegalArgumentException for a time that is negative or not a finite number
     */
    public static ReturnSpread of(double... returnsMs) {
        if (returnsMs.length == 0) {
            return NONE;
        }
        double[] sorted = returnsMs.clone();
        for (double ms : sorted) {
            if (!(ms >= 0) || !Double.isFinite(ms)) {
                throw new IllegalArgumentException("a return time must be a non-negative number of ms, got " + ms);
            }
        }
        Arrays.sort(sorted);
        return new ReturnSpread(sorted);
    }

    /**
     * The distribution of many return times, kept as {@code points} of its quantiles (the midpoints of as many equal
     * shares): a decision weighs each candidate against every point, and a few dozen describe a few hundred times
     * well enough, tails included, at a fraction of the cost.
     */
    public static ReturnSpread summarising(double[] returnsMs, int points) {
        ReturnSpread all = of(returnsMs);
        if (all.sortedMs.length <= points) {
            return all;
        }
        double[] quantiles = new double[points];
        for (int k = 0; k < points; k++) {
            quantiles[k] = all.sortedMs[(int) ((k + 0.5) * all.sortedMs.length / points)];
        }
        return new ReturnSpread(quantiles);
    }

    /** The times, ascending: the quantiles when summarised. */
    public double[] timesMs() {
        return sortedMs.clone();
    }

    public boolean isEmpty() {
        return sortedMs.length == 0;
    }

    public int size() {
        return sortedMs.length;
    }

    /**
     * The chance that a time of {@code meanMs} and deviation {@code stdMs} (normal), followed by a return trip drawn
     * from these, ends within {@code limitMs}: the average over the returns seen of the chance that the first part
     * ends in the time each leaves.
     *
     * @throws IllegalStateException when empty
     */
    public double chanceWithin(double limitMs, double meanMs, double stdMs) {
        if (sortedMs.length == 0) {
            throw new IllegalStateException("no return trip seen");
        }
        // returns that leave time for all but 8 deviations of the first part count 1, those that leave it no more
        // than 8 below its mean count 0: only the few between need the normal's CDF
        double leftMs = limitMs - meanMs;
        double margin = EIGHT_DEVIATIONS * stdMs;
        int last = sortedMs.length - 1;
        if (leftMs + margin < sortedMs[0]) {
            return 0;
        }
        if (leftMs - margin >= sortedMs[last]) {
            return 1;
        }
        int sure = firstAbove(leftMs - margin);
        int none = firstAbove(leftMs + margin);
        double sum = sure;
        for (int i = sure; i < none; i++) {
            sum += chance(limitMs - sortedMs[i], meanMs, stdMs);
        }
        return sum / sortedMs.length;
    }

    /** The index of the first return above {@code ms}; the size when none is. */
    private int firstAbove(double ms) {
        int low = 0;
        int high = sortedMs.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sortedMs[middle] <= ms) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** P(X <= limitMs) for X normal of this mean and deviation; a step when the deviation is 0. */
    static double chance(double limitMs, double meanMs, double stdMs) {
        if (stdMs <= 0) {
            return meanMs <= limitMs ? 1 : 0;
        }
        return Gaussian.cdf((limitMs - meanMs) / stdMs);
    }

    @Override
    public String toString() {
        return "ReturnSpread" + Arrays.toString(sortedMs);
    }
}
