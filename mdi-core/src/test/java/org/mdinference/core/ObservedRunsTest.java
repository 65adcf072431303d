package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A model whose runs were watched is weighed by those runs, at the request's batch size. */
class ObservedRunsTest {

    /** 98 runs of 10 ms and 2 of 60 ms: mean 11, deviation 7, a tail no normal of those has. */
    private static TimeSpread heavyTailed() {
        double[] runs = new double[100];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = i < 98 ? 10 : 60;
        }
        return TimeSpread.of(runs);
    }

    @Test
    void aHeavyTailArrivesLessOftenThanTheNormalOfTheSameMoments() {
        TimeSpread runs = heavyTailed();
        assertThat(runs.meanMs()).isEqualTo(11);
        assertThat(runs.stdMs()).isCloseTo(7, within(1e-12));
        Model normal = new Model("m", 0.8, runs.meanMs(), runs.stdMs());
        Model watched = normal.withLatency(normal.latency().withRuns(runs));
        // the deadline 3 deviations past the mean run: a normal run misses it once in 740, the watched runs 1 in 50
        Budget budget = new Budget(100, 48, 20);

        assertThat(budget.arrivalChance(normal)).isCloseTo(0.99865, within(1e-5));
        assertThat(budget.arrivalChance(watched)).isEqualTo(0.98);
    }

    @Test
    void theRunsGiveTheShapeAndTheProfileWhereItLies() {
        // runs of 10 and 20 ms from a calmer minute; the profile, which follows the last runs, says 25 ms now
        Model lagging = new Model("m", 0.8, new LatencyProfile(25, 5, TimeSpread.of(10, 20)));
        // 30 ms left for the run: taken as 20 and 30 ms, both fit
        assertThat(new Budget(100, 60, 8).arrivalChance(lagging)).isEqualTo(1.0);
        // 25 ms left: 20 fits, 30 does not, though both runs seen would have
        assertThat(new Budget(100, 60, 15).arrivalChance(lagging)).isEqualTo(0.5);
    }

    @Test
    void aRunAndAReturnSeenAreCountedInPairs() {
        Model watched = new Model("m", 0.8, new LatencyProfile(15, 5, TimeSpread.of(10, 20)));
        // 40 ms for run and return: 10 + 20, 10 + 30 and 20 + 20 fit; 20 + 30 does not
        Budget budget = new Budget(100, 60, 25, QueueWaits.NONE, TimeSpread.of(20, 30));

        assertThat(budget.arrivalChance(watched)).isEqualTo(0.75);
    }

    @Test
    void aQueuesSpreadStretchesTheRunsUntilTheirVariancesAdd() {
        Model watched = new Model("m", 0.8, new LatencyProfile(15, 5, TimeSpread.of(10, 20)));
        QueueWaits queue = new QueueWaits() {
            @Override
            public double waitMs(Model model) {
                return 5;
            }

            @Override
            public double waitStdMs(Model model) {
                return 5 * Math.sqrt(3);
            }
        };
        // the runs' deviation 5 and the queue's 5 sqrt(3) add to 10: the runs seen as 5 and 25 after a 5 ms wait,
        // and 24 ms left for them
        Budget budget = new Budget(100, 61, 10, queue);

        assertThat(budget.arrivalChance(watched)).isEqualTo(0.5);
        assertThat(new Budget(100, 61, 10, model -> 5).arrivalChance(watched)).isEqualTo(1.0);
    }

    @Test
    void aBatchOfNIsWeighedByTheRunsSeenAtN() {
        BatchCosts costs = new BatchCosts(Map.of(1, 10.0, 4, 20.0));
        ZooBatching batching = new ZooBatching(Map.of("m", new ZooBatching.Member(costs, 4)));
        Model one = new Model("m", 0.8, new LatencyProfile(10, 1, TimeSpread.of(9, 11)));
        Zoo zoo = new Zoo(List.of(one));
        ObservedRuns atFour = (model, items) -> items == 4 ? TimeSpread.of(18, 30) : TimeSpread.NONE;

        assertThat(batching.atBatchOf(zoo, 4, atFour).mostAccurate().latency().runs())
                .isEqualTo(TimeSpread.of(18, 30));
        // too few batches of 4 seen: the batch-of-one runs, scaled by cost(4) / cost(1) as the mean is
        assertThat(batching.atBatchOf(zoo, 4, ObservedRuns.NONE).mostAccurate().latency())
                .isEqualTo(new LatencyProfile(20, 2, TimeSpread.of(18, 22)));
        assertThat(batching.atBatchOf(zoo, 1, atFour)).isSameAs(zoo);
    }

    @Test
    void theDecisionsViewCarriesTheRunsToThePolicy() {
        Model big = new Model("big", 0.9, new LatencyProfile(40, 1, TimeSpread.of(30, 30, 30, 90)));
        Model small = new Model("small", 0.7, 10, 0);
        Zoo zoo = new Zoo(List.of(big, small));
        ZooDecider decider = new ZooDecider(new ExpectedAccuracyPolicy(), ZooBatching.SINGLE_ITEMS);
        ZooRequest request = new ZooRequest(200, 100, 40, 1, Optional.of(0.6));

        Candidates view = decider.candidates(zoo, request, 0, QueueWaits.NONE, ObservedRuns.NONE, m -> true);
        // 60 ms for the run: big's 90 ms run, one in four, misses; 0.75 x 0.9 + 0.25 x 0.6 = 0.825 beats 0.7
        assertThat(view.arrivalChance(big)).isEqualTo(0.75);
        assertThat(view.expectedAccuracy(big)).isCloseTo(0.825, within(1e-12));
        Decision decision = decider.decide(view);
        assertThat(decision.model()).isSameAs(big);
        assertThat(view.expectedEffectiveAccuracy(decision)).isCloseTo(0.675, within(1e-12));
        assertThat(decider.decide(zoo, request, 0, QueueWaits.NONE)).isEqualTo(decision);
    }
}
