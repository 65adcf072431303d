package org.mdinference.traces;

import java.util.Arrays;

/**
 * A link whose rate is constant within each step of a throughput trace. A transfer integrates the rate over
 * the steps it spans, through zero-rate outages and across the trace's end.
 *
 * <p>Cumulative bytes at each step boundary turn a transfer into two binary searches, so its cost does not grow
 * with the transfer's length.
 */
final class RateLink implements Link {

    private final double[] boundariesMs;
    private final double[] bytesPerMs;
    private final double[] cumulativeBytes;

    private RateLink(double[] boundariesMs, double[] bytesPerMs) {
        this.boundariesMs = boundariesMs;
        this.bytesPerMs = bytesPerMs;
        this.cumulativeBytes = new double[boundariesMs.length];
        for (int step = 0; step < bytesPerMs.length; step++) {
            double stepMs = boundariesMs[step + 1] - boundariesMs[step];
            cumulativeBytes[step + 1] = cumulativeBytes[step] + stepMs * bytesPerMs[step];
        }
    }

    /**
     * A link holding {@code bytesPerMs[i]} for {@code durationsMs[i]}, step after step.
     *
     * @throws IllegalArgumentException when the arrays differ in length or are empty, a duration is not positive,
     *                                  a rate is negative, or no step carries any bytes (a transfer would never end)
     */
    static RateLink of(double[] durationsMs, double[] bytesPerMs) {
        if (durationsMs.length != bytesPerMs.length || durationsMs.length == 0) {
            throw new IllegalArgumentException("a rate trace needs one duration per rate and at least one step, got "
                    + durationsMs.length + " durations and " + bytesPerMs.length + " rates");
        }
        double[] boundaries = new double[durationsMs.length + 1];
        boolean carriesBytes = false;
        for (int step = 0; step < durationsMs.length; step++) {
            if (!(durationsMs[step] > 0) || !Double.isFinite(durationsMs[step])) {
                throw new IllegalArgumentException(
                        "step " + step + " lasts " + durationsMs[step] + " ms; it must be positive");
            }
            if (!(bytesPerMs[step] >= 0) || !Double.isFinite(bytesPerMs[step])) {
                throw new IllegalArgumentException(
                        "step " + step + " has rate " + bytesPerMs[step] + "; it must be non-negative");
            }
            boundaries[step + 1] = boundaries[step] + durationsMs[step];
            carriesBytes |= bytesPerMs[step] > 0;
        }
        if (!carriesBytes) {
            throw new IllegalArgumentException("the trace has no positive throughput at all");
        }
        return new RateLink(boundaries, bytesPerMs.clone());
    }

    @Override
    public double periodMs() {
        return boundariesMs[boundariesMs.length - 1];
    }

    @Override
    public double transferMs(double startMs, long bytes) {
        if (bytes == 0) {
            return 0;
        }
        double inPeriodMs = startMs % periodMs();
        int step = stepAt(inPeriodMs);
        // Most transfers end in the step they start in; dividing there keeps them exact.
        double bytesLeftInStep = (boundariesMs[step + 1] - inPeriodMs) * bytesPerMs[step];
        if (bytes <= bytesLeftInStep) {
            return bytes / bytesPerMs[step];
        }
        double target = cumulativeBytes[step + 1] + (bytes - bytesLeftInStep);
        return timeWhenDelivered(target) - inPeriodMs;
    }

    @Override
    public double meanBytesPerMs() {
        return cumulativeBytes[cumulativeBytes.length - 1] / periodMs();
    }

    @Override
    public RateLink scaled(double factor) {
        double[] rates = bytesPerMs.clone();
        for (int step = 0; step < rates.length; step++) {
            rates[step] *= factor;
        }
        return new RateLink(boundariesMs, rates);
    }

    private int stepAt(double inPeriodMs) {
        int found = Arrays.binarySearch(boundariesMs, inPeriodMs);
        int step = found >= 0 ? found : -found - 2;
        return Math.min(step, bytesPerMs.length - 1);
    }

    /** The first time, counted from the start of the first period, by which {@code bytes} have gone through. */
    private double timeWhenDelivered(double bytes) {
        double perPeriod = cumulativeBytes[cumulativeBytes.length - 1];
        long periods = (long) Math.floor(bytes / perPeriod);
        double rest = bytes - periods * perPeriod;
        if (rest <= 0 && periods > 0) {
            periods--;
            rest += perPeriod;
        }
        rest = Math.min(rest, perPeriod);
        // Zero-rate steps repeat a cumulative value: the transfer ends where it is first reached, in a step
        // whose rate is positive.
        int step = SortedArrays.firstAtLeast(cumulativeBytes, rest) - 1;
        return periods * periodMs() + boundariesMs[step] + (rest - cumulativeBytes[step]) / bytesPerMs[step];
    }
}
