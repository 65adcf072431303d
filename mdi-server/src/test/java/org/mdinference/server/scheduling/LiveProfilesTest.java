package org.mdinference.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.mdinference.core.BatchCosts;
import org.mdinference.core.LatencyProfile;
import org.mdinference.core.Model;
import org.mdinference.core.TimeSpread;
import org.mdinference.core.Zoo;
import org.junit.jupiter.api.Test;

class LiveProfilesTest {

    private static LiveProfiles profiles() {
        return new LiveProfiles(new Zoo(List.of(new Model("m", 0.9, 10, 0.5))), Map.of("m", BatchCosts.linear(10)));
    }

    @Test
    void aBatchOfManyMovesTheProfileAsItsBatchOfOneEquivalent() {
        LiveProfiles live = new LiveProfiles(new Zoo(List.of(new Model("m", 0.9, 10, 5))),
                Map.of("m", new BatchCosts(Map.of(1, 10.0, 4, 20.0))));
        live.batchRan("m", 4, 40, 0);
        // 40 ms for a batch of 4 that should take 20: a lone request now takes twice its 10 ms
        assertThat(live.profile("m").meanMs()).isCloseTo(15, within(1e-9));
        assertThat(live.pace("m").drift()).isCloseTo(live.profile("m").meanMs() / 10, within(1e-9));
    }

    @Test
    void aSlowBatchStaysInTheSpreadThePoliciesSeeAfterTheEwmaHasForgottenIt() {
        LiveProfiles live = profiles();
        live.batchRan("m", 1, 10, 0);
        live.batchRan("m", 1, 20, 0);
        for (int calm = 0; calm < 6; calm++) {
            live.batchRan("m", 1, 10, 0);
        }
        LatencyProfile ewma = live.profile("m");
        Model seen = live.zoo().model("m").orElseThrow();
        assertThat(ewma.stdMs()).as("the paper's EWMA has all but forgotten the slow batch").isLessThan(0.5);
        assertThat(seen.latency().meanMs()).isEqualTo(ewma.meanMs());
        assertThat(seen.latency().stdMs()).isGreaterThan(2 * ewma.stdMs()).isGreaterThan(1);
    }

    @Test
    void oneSlowFirstBatchDoesNotShutAModelOut() {
        // a first batch six times slower than profiled (the load starting, the JIT compiling beside it): the
        // EWMA calls it cold, and in a window that starts full it is one batch in 64, not one in one
        LiveProfiles live = profiles();
        live.batchRan("m", 1, 60, 0);
        for (int calm = 0; calm < 3; calm++) {
            live.batchRan("m", 1, 10, 0);
        }
        // a window of these four batches alone would read a deviation of 25 ms: 10 + 2 x 25 fits no 48 ms budget
        Model seen = live.zoo().model("m").orElseThrow();
        assertThat(seen.latency().meanMs()).isEqualTo(10);
        assertThat(seen.latency().stdMs()).isLessThan(7);
    }

    @Test
    void tenColdBatchesInARowAreNoOutliersButAWrongProfile() {
        LiveProfiles live = profiles();
        for (int cold = 1; cold < LatencyProfile.WARM_UP_INFERENCES; cold++) {
            live.batchRan("m", 1, 60 + cold % 2, 0);
        }
        live.batchRan("m", 1, 10, 0);
        assertThat(live.profile("m").meanMs()).as("nine cold, then one as profiled: outliers").isEqualTo(10);

        for (int cold = 0; cold < LatencyProfile.WARM_UP_INFERENCES; cold++) {
            live.batchRan("m", 1, 60 + cold % 2, 0);
        }
        // the server runs this model six times slower than its start-up profile says: the profile learns it
        assertThat(live.profile("m").meanMs()).isCloseTo(60.5, within(1e-9));
        assertThat(live.profile("m").stdMs()).isCloseTo(Math.sqrt(10 * 0.25 / 9), within(1e-9));
        live.batchRan("m", 1, 62, 0);
        assertThat(live.profile("m").meanMs()).as("and goes on learning").isCloseTo(61.25, within(1e-9));
    }

    @Test
    void aModelThatRanNothingForAWhileIsSeenAsProfiledAgain() {
        AtomicLong clock = new AtomicLong();
        LiveProfiles live = new LiveProfiles(new Zoo(List.of(new Model("m", 0.9, 10, 0.5))),
                Map.of("m", BatchCosts.linear(10)), clock::get);
        for (int slower = 1; slower <= 20; slower++) {
            live.batchRan("m", 1, 10 + slower, 1);
        }
        assertThat(live.zoo().model("m").orElseThrow().latency().meanMs()).isGreaterThan(25);
        clock.addAndGet(LiveProfiles.FORGET_AFTER.toNanos());
        assertThat(live.zoo().model("m").orElseThrow().latency().meanMs()).as("not yet").isGreaterThan(25);

        clock.addAndGet(1);
        LatencyProfile seen = live.zoo().model("m").orElseThrow().latency();
        assertThat(seen.meanMs()).isEqualTo(10);
        assertThat(seen.stdMs()).isCloseTo(0.5, within(1e-9));
        Pace pace = live.pace("m");
        assertThat(pace.drift()).isEqualTo(1);
        assertThat(pace.spread()).isCloseTo(0.05, within(1e-9));
        assertThat(pace.handOffMs()).isZero();
        live.batchRan("m", 1, 12, 0);
        assertThat(live.profile("m").meanMs()).as("learning starts again from the profile").isEqualTo(11);
    }

    @Test
    void theHandOffAfterEachBatchIsAveragedForTheQueueEstimate() {
        LiveProfiles live = profiles();
        live.batchRan("m", 1, 10, 2);
        live.batchRan("m", 1, 10, 4);
        assertThat(live.pace("m").handOffMs()).isCloseTo(0.5 * 4 + 0.25 * 2, within(1e-9));
    }

    @Test
    void theRunsOfEachBatchSizeAreKeptApartOnceThereAreEnough() {
        AtomicLong clock = new AtomicLong();
        LiveProfiles live = new LiveProfiles(new Zoo(List.of(new Model("m", 0.9, 10, 0.5))),
                Map.of("m", BatchCosts.linear(10)), clock::get);
        for (int run = 0; run < RunWindows.MIN_RUNS - 1; run++) {
            live.batchRan("m", 1, 10 + run, 0);
            live.batchRan("m", 4, 40 + run, 0);
        }
        assertThat(live.of("m", 1)).as("too few yet").isEqualTo(TimeSpread.NONE);
        assertThat(live.zoo().model("m").orElseThrow().latency().runs()).isEqualTo(TimeSpread.NONE);

        live.batchRan("m", 1, 10 + RunWindows.MIN_RUNS - 1, 0);
        TimeSpread alone = live.of("m", 1);
        assertThat(alone.size()).isEqualTo(RunWindows.POINTS);
        assertThat(alone.quantileMs(0)).isEqualTo(10);
        assertThat(alone.quantileMs(1)).isEqualTo(41);
        assertThat(live.zoo().model("m").orElseThrow().latency().runs()).isEqualTo(alone);
        assertThat(live.of("m", 4)).as("batches of 4 kept apart, one short").isEqualTo(TimeSpread.NONE);
        assertThat(live.of("m", 2)).isEqualTo(TimeSpread.NONE);
        live.batchRan("m", 4, 71, 0);
        assertThat(live.of("m", 4).quantileMs(0)).isEqualTo(40);

        clock.addAndGet(LiveProfiles.FORGET_AFTER.toNanos() + 1);
        assertThat(live.of("m", 4)).as("forgotten with the profile").isEqualTo(TimeSpread.NONE);
    }

    @Test
    void theWindowSlidesOverTheLastRunsAndIsSummarisedEveryFewRuns() {
        LiveProfiles live = new LiveProfiles(new Zoo(List.of(new Model("m", 0.9, 10, 0.5))),
                Map.of("m", BatchCosts.linear(10)), () -> 0L);
        for (int run = 0; run < RunWindows.WINDOW; run++) {
            live.batchRan("m", 1, 100, 0);
        }
        for (int run = 0; run < RunWindows.EVERY - 1; run++) {
            live.batchRan("m", 1, 1, 0);
        }
        assertThat(live.of("m", 1).quantileMs(0)).as("not summarised again yet").isEqualTo(100);
        live.batchRan("m", 1, 1, 0);
        // 8 runs of 1 ms in a window of 256: the first of 32 quantiles
        assertThat(live.of("m", 1).quantileMs(0)).isEqualTo(1);
        assertThat(live.of("m", 1).quantileMs(2.0 / 32)).isEqualTo(100);
    }
}
