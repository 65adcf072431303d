package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The two-pointer counts against the brute force they replace: every pair, every point. */
class TimeSpreadProperties {

    @Property(tries = 2000)
    void theTwoPointerChanceCountsExactlyThePairsThatFit(
            @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 500) Double> runTimes,
            @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 500) Double> returnTimes,
            @ForAll @DoubleRange(min = -10, max = 1100) double limitMs) {
        double[] runs = times(runTimes);
        double[] returns = times(returnTimes);
        TimeSpread runSpread = TimeSpread.of(runs);
        TimeSpread returnSpread = TimeSpread.of(returns);
        long fit = 0;
        for (double run : runs) {
            for (double back : returns) {
                if (run + back <= limitMs) {
                    fit++;
                }
            }
        }

        assertThat(runSpread.chanceWithin(limitMs, returnSpread))
                .isEqualTo(fit / ((double) runs.length * returns.length));
    }

    /** Limits on the very sums of pairs: where a rounding would count a pair the brute force does not. */
    @Property(tries = 2000)
    void aPairOnTheLimitCountsAsTheBruteForceCountsIt(
            @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 500) Double> runTimes,
            @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 500) Double> returnTimes,
            @ForAll @IntRange(min = 0, max = 39) int run, @ForAll @IntRange(min = 0, max = 39) int back) {
        double[] runs = times(runTimes);
        double[] returns = times(returnTimes);
        double limitMs = runs[run % runs.length] + returns[back % returns.length];
        long fit = 0;
        for (double r : runs) {
            for (double b : returns) {
                fit += r + b <= limitMs ? 1 : 0;
            }
        }

        assertThat(TimeSpread.of(runs).chanceWithin(limitMs, TimeSpread.of(returns)))
                .isEqualTo(fit / ((double) runs.length * returns.length));
    }

    @Property(tries = 2000)
    void aStretchedRunIsCountedAsItsStretchedPoints(
            @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 500) Double> runTimes,
            @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 500) Double> returnTimes,
            @ForAll @DoubleRange(min = 1, max = 4) double widen,
            @ForAll @DoubleRange(min = -10, max = 1100) double limitMs) {
        double[] runs = times(runTimes);
        double[] returns = times(returnTimes);
        TimeSpread runSpread = TimeSpread.of(runs);
        TimeSpread returnSpread = TimeSpread.of(returns);
        long fit = 0;
        long alone = 0;
        for (double run : runs) {
            double stretched = widen == 1 ? run : runSpread.meanMs() + widen * (run - runSpread.meanMs());
            alone += stretched <= limitMs ? 1 : 0;
            for (double back : returns) {
                if (stretched + back <= limitMs) {
                    fit++;
                }
            }
        }

        assertThat(runSpread.pairsWithin(limitMs, widen, returnSpread))
                .isEqualTo(fit / ((double) runs.length * returns.length));
        assertThat(runSpread.shareWithin(limitMs, widen)).isEqualTo(alone / (double) runs.length);
    }

    private static double[] times(List<Double> times) {
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
