package org.mdinference.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.mdinference.core.BatchCosts;
import org.mdinference.core.Model;
import org.mdinference.core.QueueWaits;
import org.mdinference.core.Zoo;
import org.junit.jupiter.api.Test;

class QueueWaitEstimatorTest {

    // 10 ms alone, 40 ms for a batch of 8
    private static final BatchCosts COSTS = new BatchCosts(Map.of(1, 10.0, 8, 40.0));
    private static final BatchingSettings ONE_WORKER = new BatchingSettings(8, Duration.ZERO, 100, 1);

    @Test
    void anIdleQueueCostsNothing() {
        QueueState idle = new QueueState(0, new int[] {0}, new long[] {0});
        assertThat(QueueWaitEstimator.estimate(idle, 1, COSTS, ONE_WORKER, Pace.PROFILED, 0).meanMs()).isZero();
    }

    @Test
    void aRequestWaitsForTheRunningBatchTheFullBatchesAheadAndTheItemsItJoins() {
        // a batch of 8 started 15 ms ago (25 ms left), 8 + 3 items queued: one full batch ahead (40 ms), then it
        // joins 3 others: cost(4) - cost(1) = (10 + 3/7 * 30) - 10
        QueueState busy = new QueueState(11, new int[] {8}, new long[] {0});
        double expected = 25 + 40 + 3.0 / 7 * 30;
        assertThat(QueueWaitEstimator.estimate(busy, 1, COSTS, ONE_WORKER, Pace.PROFILED, 15_000_000L).meanMs())
                .isCloseTo(expected, within(1e-9));
        assertThat(QueueWaitEstimator.estimate(busy, 1, COSTS, ONE_WORKER, new Pace(2, 0, 0, 0), 15_000_000L).meanMs())
                .isCloseTo(80 - 15 + 2 * (40 + 3.0 / 7 * 30), within(1e-9));
    }

    @Test
    void aRequestOfSeveralItemsJoinsTheItemsLeftOnlyWhenTheyFitInOneBatch() {
        // as above, 25 ms left of the running batch, one full batch ahead, 3 items left; the decision already counts
        // the request's own batch, cost(n)
        QueueState busy = new QueueState(11, new int[] {8}, new long[] {0});
        // 5 items join the 3: cost(8) - cost(5) = 40 - (10 + 4/7 * 30)
        assertThat(QueueWaitEstimator.estimate(busy, 5, COSTS, ONE_WORKER, Pace.PROFILED, 15_000_000L).meanMs())
                .isCloseTo(25 + 40 + 30 - 4.0 / 7 * 30, within(1e-9));
        // 6 items do not: the 3 run first, cost(3) = 10 + 2/7 * 30 and its hand-off, with its own spread
        QueueWait six = QueueWaitEstimator.estimate(busy, 6, COSTS, ONE_WORKER, new Pace(1, 0.1, 1, 0), 15_000_000L);
        double three = 10 + 2.0 / 7 * 30;
        assertThat(six.meanMs()).isCloseTo(25 + 1 + 40 + 1 + three + 1, within(1e-9));
        assertThat(six.stdMs()).isCloseTo(Math.sqrt(2 * 4 * 4 + 0.01 * three * three), within(1e-9));
        // 9 items, more than a batch, run alone after the 3, and wait for no one
        BatchingSettings delayed = new BatchingSettings(8, Duration.ofMillis(3), 100, 1);
        QueueState threeQueued = new QueueState(3, new int[] {0}, new long[] {0});
        assertThat(QueueWaitEstimator.estimate(threeQueued, 9, COSTS, delayed, Pace.PROFILED, 0).meanMs())
                .isCloseTo(three, within(1e-9));
        QueueState idle = new QueueState(0, new int[] {0}, new long[] {0});
        assertThat(QueueWaitEstimator.estimate(idle, 9, COSTS, delayed, Pace.PROFILED, 0).meanMs()).isZero();
        assertThat(QueueWaitEstimator.estimate(idle, 7, COSTS, delayed, Pace.PROFILED, 0).meanMs()).isEqualTo(3.0);
    }

    @Test
    void aFreeWorkerTakesTheRequestAtOnceAndQueuedBatchesShareTheWorkers() {
        BatchingSettings two = new BatchingSettings(8, Duration.ZERO, 100, 2);
        QueueState oneBusy = new QueueState(16, new int[] {8, 0}, new long[] {0, 0});
        assertThat(QueueWaitEstimator.estimate(oneBusy, 1, COSTS, two, Pace.PROFILED, 0).meanMs()).isCloseTo(2 * 40 / 2.0, within(1e-9));
    }

    @Test
    void aBatchThatWillNotFillWaitsTheMaxDelay() {
        BatchingSettings delayed = new BatchingSettings(8, Duration.ofMillis(3), 100, 1);
        QueueState idle = new QueueState(0, new int[] {0}, new long[] {0});
        assertThat(QueueWaitEstimator.estimate(idle, 1, COSTS, delayed, Pace.PROFILED, 0).meanMs()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void eachBatchAheadAddsItsHandOffAndItsSpread() {
        // as above, with 1 ms of reply writing after each batch and a spread of 10 % of each batch's cost
        QueueState busy = new QueueState(11, new int[] {8}, new long[] {0});
        QueueWait wait = QueueWaitEstimator.estimate(busy, 1, COSTS, ONE_WORKER, new Pace(1, 0.1, 1, 0), 15_000_000L);
        assertThat(wait.meanMs()).isCloseTo(25 + 1 + 40 + 1 + 3.0 / 7 * 30, within(1e-9));
        // the running batch and the full one ahead, each 40 ms with a deviation of 4 ms
        assertThat(wait.stdMs()).isCloseTo(Math.sqrt(2) * 4, within(1e-9));
    }

    @Test
    void aRequestThatRunsAtOnceHasACertainWait() {
        QueueState idle = new QueueState(0, new int[] {0}, new long[] {0});
        assertThat(QueueWaitEstimator.estimate(idle, 1, COSTS, ONE_WORKER, new Pace(1, 0.5, 1, 0), 0).stdMs()).isZero();
    }

    @Test
    void aSnapshotReadsEachQueueOnceForAWholeDecision() throws Exception {
        AtomicLong clock = new AtomicLong();
        CountDownLatch release = new CountDownLatch(1);
        BatchRunner held = ModelQueueTest.holdingOnes(release);
        Model model = new Model("m", 0.9, 10, 1);
        LiveProfiles profiles = new LiveProfiles(new Zoo(List.of(model)), Map.of("m", COSTS));
        try (ModelQueue queue = new ModelQueue("m", held, ONE_WORKER, BatchObserver.NONE, clock::get, Thread::new)) {
            CompletableFuture.runAsync(() -> queue.offer(new float[] {1}, 1));
            while (queue.state().runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
            QueueWaitEstimator estimator = new QueueWaitEstimator(Map.of("m", queue), profiles, clock::get);
            QueueWaits decision = estimator.snapshot();
            assertThat(decision.waitMs(model)).isCloseTo(10, within(1e-9));

            clock.set(4_000_000);
            // the running batch is 4 ms further along now, but the decision already read its queue
            assertThat(decision.waitMs(model)).isCloseTo(10, within(1e-9));
            assertThat(estimator.waitMs(model)).isCloseTo(6, within(1e-9));
            release.countDown();
        }
    }
}
