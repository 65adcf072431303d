package org.mdinference.core;

import java.util.Arrays;

/**
 * Times seen lately, taken as the distribution of the next one: each point equally likely. It describes the return
 * trips a device saw (a mobile link's return swings with its load and signal, and one moving average hides how often
 * a reply is slow) and the runs a server saw of one model at one batch size (a run's tail is no normal's: a garbage
 * collection, a descheduled thread, a cache cold after another model ran). Immutable.
 */
public final class TimeSpread {

    /** Nothing seen: a decision then has a point estimate, or a normal profile, only. */
    public static final TimeSpread NONE = new TimeSpread(new double[0]);

    /** Beyond 8 deviations the normal's CDF is 1 or 0 to within 1e-15. */
    private static final double EIGHT_DEVIATIONS = 8;

    private final double[] sortedMs;
    private final double meanMs;
    private final double stdMs;

    private TimeSpread(double[] sortedMs) {
        this.sortedMs = sortedMs;
        double sum = 0;
        for (double ms : sortedMs) {
            sum += ms;
        }
        this.meanMs = sortedMs.length == 0 ? 0 : sum / sortedMs.length;
        double squares = 0;
        for (double ms : sortedMs) {
            squares += (ms - meanMs) * (ms - meanMs);
        }
        this.stdMs = sortedMs.length == 0 ? 0 : Math.sqrt(squares / sortedMs.length);
    }

    /**
     * @throws IllegalArgumentException for a time that is negative or not a finite number
     */
    public static TimeSpread of(double... timesMs) {
        if (timesMs.length == 0) {
            return NONE;
        }
        double[] sorted = timesMs.clone();
        for (double ms : sorted) {
            if (!(ms >= 0) || !Double.isFinite(ms)) {
                throw new IllegalArgumentException("a time must be a non-negative number of ms, got " + ms);
            }
        }
        Arrays.sort(sorted);
        return new TimeSpread(sorted);
    }

    /**
     * The distribution of many times, kept as {@code points} of its quantiles (the midpoints of as many equal
     * shares): a decision weighs each candidate against every point, and a few dozen describe a few hundred times
     * well enough, tails included, at a fraction of the cost.
     */
    public static TimeSpread summarising(double[] timesMs, int points) {
        TimeSpread all = of(timesMs);
        if (all.sortedMs.length <= points) {
            return all;
        }
        double[] quantiles = new double[points];
        for (int k = 0; k < points; k++) {
            quantiles[k] = all.sortedMs[(int) ((k + 0.5) * all.sortedMs.length / points)];
        }
        return new TimeSpread(quantiles);
    }

    /**
     * These times multiplied by {@code factor}: a model's batch-of-one runs as a batch of n would show them, when
     * too few batches of n were seen ({@link ZooBatching}).
     *
     * @throws IllegalArgumentException for a factor that is not a positive number
     */
    public TimeSpread scaled(double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("a scale must be a positive number, got " + factor);
        }
        if (factor == 1 || sortedMs.length == 0) {
            return this;
        }
        double[] scaled = new double[sortedMs.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = sortedMs[i] * factor;
        }
        return new TimeSpread(scaled);
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

    /** The points' mean; 0 when empty. */
    public double meanMs() {
        return meanMs;
    }

    /** The points' standard deviation (of the points themselves, not an estimate of a population's); 0 when empty. */
    public double stdMs() {
        return stdMs;
    }

    /** The q-quantile of the points (the smallest point with at least that share at or below it). */
    public double quantileMs(double q) {
        requireSeen();
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("a quantile is in [0, 1], got " + q);
        }
        int index = (int) Math.ceil(q * sortedMs.length) - 1;
        return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, index))];
    }

    /**
     * The chance that a time of {@code meanMs} and deviation {@code stdMs} (normal), followed by one drawn from
     * these, ends within {@code limitMs}: the average over the points of the chance that the first part ends in the
     * time each leaves.
     *
     * @throws IllegalStateException when empty
     */
    public double chanceWithin(double limitMs, double meanMs, double stdMs) {
        requireSeen();
        // points that leave time for all but 8 deviations of the first part count 1, those that leave it no more
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

    /**
     * The chance that one of these plus one of {@code others} ends within {@code limitMs}: the share of all pairs
     * whose sum does. Exact for the two distributions of points, in one pass over each (a two-pointer merge: as
     * this time grows, the largest other time that still fits can only shrink).
     *
     * @throws IllegalStateException when either is empty
     */
    public double chanceWithin(double limitMs, TimeSpread others) {
        return pairsWithin(limitMs, 1, others);
    }

    /**
     * As {@link #chanceWithin(double, TimeSpread)} for these times stretched about their mean by {@code widen}:
     * {@code mean + widen * (t - mean)} for each point t, exactly t when {@code widen} is 1.
     */
    double pairsWithin(double limitMs, double widen, TimeSpread others) {
        requireSeen();
        others.requireSeen();
        double[] mine = sortedMs;
        double[] theirs = others.sortedMs;
        boolean plain = widen == 1;
        double firstMs = plain ? mine[0] : meanMs + widen * (mine[0] - meanMs);
        double lastMs = plain ? mine[mine.length - 1] : meanMs + widen * (mine[mine.length - 1] - meanMs);
        // most candidates of a decision are sure to arrive or sure not to: their extremes tell at once
        if (firstMs + theirs[0] > limitMs) {
            return 0;
        }
        if (lastMs + theirs[theirs.length - 1] <= limitMs) {
            return 1;
        }
        long pairs = 0;
        // the first run's last fitting return, by binary search; a rounding of the difference corrected by the sum
        int fits = others.firstAbove(limitMs - firstMs) - 1;
        while (fits + 1 < theirs.length && firstMs + theirs[fits + 1] <= limitMs) {
            fits++;
        }
        for (int i = 0; i < mine.length && fits >= 0; i++) {
            double ms = plain ? mine[i] : meanMs + widen * (mine[i] - meanMs);
            while (fits >= 0 && ms + theirs[fits] > limitMs) {
                fits--;
            }
            pairs += fits + 1;
        }
        return pairs / ((double) mine.length * theirs.length);
    }

    /** The share of these, stretched as in {@link #pairsWithin}, that end within {@code limitMs}. */
    double shareWithin(double limitMs, double widen) {
        requireSeen();
        // the stretch keeps the points' order: a binary search finds the first that does not fit
        int low = 0;
        int high = sortedMs.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            double ms = widen == 1 ? sortedMs[middle] : meanMs + widen * (sortedMs[middle] - meanMs);
            if (ms <= limitMs) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low / (double) sortedMs.length;
    }

    private void requireSeen() {
        if (sortedMs.length == 0) {
            throw new IllegalStateException("no time seen");
        }
    }

    /** The index of the first point above {@code ms}; the size when none is. */
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
    public boolean equals(Object other) {
        return other instanceof TimeSpread && Arrays.equals(sortedMs, ((TimeSpread) other).sortedMs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sortedMs);
    }

    @Override
    public String toString() {
        return "TimeSpread" + Arrays.toString(sortedMs);
    }
}
