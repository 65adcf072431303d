package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

class LinkEstimatorProperties {

    private static final double WINDOW_MS = 1000;

    /** One cloud call as the estimator sees it; {@code gapMs} after the one before. */
    record Trip(double gapMs, long up, long down, double networkMs) {
    }

    @Provide
    Arbitrary<List<Trip>> trips() {
        Arbitrary<Trip> trip = Combinators.combine(Arbitraries.doubles().between(0, 600),
                Arbitraries.longs().between(0, 100_000), Arbitraries.longs().between(0, 100_000),
                Arbitraries.doubles().between(0, 500)).as(Trip::new);
        return trip.list().ofMinSize(1).ofMaxSize(200);
    }

    private static LinkEstimator replay(List<Trip> trips, double[] at) {
        LinkEstimator link = LinkEstimator.fresh(LinkEstimator.DEFAULT_ALPHA, WINDOW_MS);
        double now = 0;
        for (int i = 0; i < trips.size(); i++) {
            now += trips.get(i).gapMs();
            at[i] = now;
            link = link.observe(now, trips.get(i).up(), trips.get(i).down(), trips.get(i).networkMs());
        }
        return link;
    }

    /** The round-trip time is the least network time of the window, whatever came before. */
    @Property
    void theRoundTripIsTheLeastTripOfTheWindow(@ForAll("trips") List<Trip> trips,
                                               @ForAll @DoubleRange(min = 0, max = 1000) double later) {
        double[] at = new double[trips.size()];
        LinkEstimator link = replay(trips, at);
        double now = at[at.length - 1] + later;
        double least = Double.POSITIVE_INFINITY;
        for (int i = trips.size() - 1; i >= 0 && at[i] >= now - WINDOW_MS; i--) {
            least = Math.min(least, trips.get(i).networkMs());
            // the estimate forgets what came before a silence longer than the window
            if (i > 0 && at[i] - at[i - 1] > WINDOW_MS) {
                break;
            }
        }
        assertThat(link.knows(now)).isEqualTo(least < Double.POSITIVE_INFINITY);
        if (link.knows(now)) {
            assertThat(link.rttMs(now)).isEqualTo(least);
        }
    }

    /** Predictions are finite, at least half the round trip, and grow with the bytes. */
    @Property
    void aLargerRequestNeverTakesLess(@ForAll("trips") List<Trip> trips,
                                      @ForAll @LongRange(min = 0, max = 10_000_000) long bytes,
                                      @ForAll @LongRange(min = 0, max = 10_000_000) long more) {
        double[] at = new double[trips.size()];
        LinkEstimator link = replay(trips, at);
        double now = at[at.length - 1];
        double small = link.uploadMs(now, bytes);
        assertThat(small).isFinite().isGreaterThanOrEqualTo(link.rttMs(now) / 2);
        assertThat(link.uploadMs(now, bytes + more)).isGreaterThanOrEqualTo(small);
        assertThat(link.returnMs(now)).isFinite().isGreaterThanOrEqualTo(link.rttMs(now) / 2);
        link.bytesPerMs().ifPresent(rate -> assertThat(rate).isPositive().isFinite());
    }

    /**
     * On a link of fixed delay and bandwidth the estimate never predicts an upload slower than the truth by more
     * than half the smallest request's transfer: the windowed minimum is the round trip plus that transfer, and
     * every throughput sample, measured beyond that minimum, is at least the true bandwidth.
     */
    @Property
    void onASteadyLinkTheEstimateIsNeverSlowerThanTheLink(
            @ForAll @DoubleRange(min = 1, max = 200) double rttMs,
            @ForAll @DoubleRange(min = 1, max = 10_000) double bytesPerMs,
            @ForAll("sizes") List<Long> sizes, @ForAll @LongRange(min = 0, max = 1_000_000) long request) {
        LinkEstimator link = LinkEstimator.fresh();
        long smallest = Long.MAX_VALUE;
        for (int i = 0; i < sizes.size(); i++) {
            link = link.observe(i, sizes.get(i), 0, rttMs + sizes.get(i) / bytesPerMs);
            smallest = Math.min(smallest, sizes.get(i));
        }
        double now = sizes.size() - 1;
        double truth = rttMs / 2 + request / bytesPerMs;
        // to within rounding, relative: a request of a million bytes on a slow link takes minutes
        assertThat(link.uploadMs(now, request)).isLessThanOrEqualTo(
                (truth + smallest / bytesPerMs / 2) * (1 + 1e-12) + 1e-9);
    }

    @Provide
    Arbitrary<List<Long>> sizes() {
        return Arbitraries.longs().between(0, 1_000_000).list().ofMinSize(1).ofMaxSize(50);
    }
}
