package org.mdinference.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.mdinference.server.scheduling.BatchAssembler.Job;
import org.mdinference.server.scheduling.BatchAssembler.Taken;

/** The batch assembler stepped on exact times, in nanoseconds; no threads. */
class BatchAssemblerTest {

    private static final long MS = 1_000_000;
    private static final BatchingSettings NO_DELAY = new BatchingSettings(4, Duration.ZERO, 10, 1);
    private static final BatchingSettings DELAY_3_MS = new BatchingSettings(4, Duration.ofMillis(3), 10, 1);

    private static Job job(int n, long admittedNanos) {
        return job(n, admittedNanos, BatchAssembler.NEVER);
    }

    private static Job job(int n, long admittedNanos, long latestStartNanos) {
        return new Job(new float[n], n, admittedNanos, latestStartNanos, BatchAssembler.NEVER, new CompletableFuture<>(),
                false);
    }

    private static BatchAssembler with(BatchingSettings settings, Job... jobs) {
        BatchAssembler assembler = new BatchAssembler(settings);
        for (Job job : jobs) {
            assertThat(assembler.admit(job)).isTrue();
        }
        return assembler;
    }

    @Test
    void aLoneJobWithNoDelayAndAFreeSlotRunsAtOnceInThatSlot() {
        Job alone = job(1, 0);
        BatchAssembler assembler = with(NO_DELAY, alone);
        Taken taken = assembler.callerRuns(5).orElseThrow();
        assertThat(taken.slot()).isZero();
        assertThat(taken.batch()).containsExactly(alone);
        assertThat(assembler.state().runningItems()).containsExactly(1);
        assertThat(assembler.state().runningSinceNanos()).containsExactly(5);
        assertThat(assembler.state().queuedItems()).isZero();

        // the slot is busy: the next job waits for the worker
        assertThat(assembler.admit(job(1, 6))).isTrue();
        assertThat(assembler.callerRuns(6)).isEmpty();
        assertThat(assembler.state().queuedItems()).isEqualTo(1);
    }

    @Test
    void theCallerRunsInAnyFreeSlotButNeverWithADelayOrBehindOthers() {
        BatchAssembler two = with(new BatchingSettings(4, Duration.ZERO, 10, 2), job(1, 0));
        two.callerRuns(0).orElseThrow();
        assertThat(two.admit(job(1, 1))).isTrue();
        assertThat(two.callerRuns(1).orElseThrow().slot()).isEqualTo(1);

        assertThat(with(DELAY_3_MS, job(1, 0)).callerRuns(0)).isEmpty();
        assertThat(with(NO_DELAY, job(1, 0), job(1, 1)).callerRuns(1)).isEmpty();
    }

    @Test
    void theQueueAdmitsUpToItsCapacityInItemsAndNothingOnceClosed() {
        BatchAssembler assembler = with(NO_DELAY, job(6, 0), job(4, 1));
        assertThat(assembler.admit(job(1, 2))).isFalse();
        assertThat(assembler.state().queuedItems()).isEqualTo(10);

        assertThat(assembler.close()).hasSize(2);
        assertThat(assembler.state().queuedItems()).isZero();
        assertThat(assembler.admit(job(1, 3))).isFalse();
        assertThat(assembler.close()).isEmpty();
        assertThat(assembler.dueNanos(0)).isEqualTo(BatchAssembler.NEVER);
    }

    @Test
    void aFullQueueLetsGoOfTheJobsAlreadyAnsweredToMakeRoom() {
        Job timedOut = job(6, 0);
        Job waiting = job(4, 1);
        BatchAssembler assembler = with(NO_DELAY, timedOut, waiting);
        timedOut.future().cancel(false);
        assertThat(assembler.admit(job(5, 2))).isTrue();
        assertThat(assembler.state().queuedItems()).isEqualTo(9);
        assertThat(assembler.take(0, 3).batch()).containsExactly(waiting);
    }

    @Test
    void aBatchIsDueTheMaxDelayAfterItsOldestJobOrAtOnceWhenFull() {
        BatchAssembler assembler = with(DELAY_3_MS);
        assertThat(assembler.dueNanos(0)).isEqualTo(BatchAssembler.NEVER);
        assembler.admit(job(1, 10 * MS));
        assertThat(assembler.dueNanos(0)).isEqualTo(13 * MS);
        assembler.admit(job(2, 11 * MS));
        assertThat(assembler.dueNanos(0)).isEqualTo(13 * MS);
        // 4 items fill a batch of 4: it waits no longer
        assembler.admit(job(1, 12 * MS));
        assertThat(assembler.dueNanos(0)).isEqualTo(10 * MS);

        // 3 items, and the next job's 2 would not fit: waiting cannot grow the batch
        assertThat(with(DELAY_3_MS, job(3, 10 * MS), job(2, 11 * MS)).dueNanos(0)).isEqualTo(10 * MS);
        // a single job larger than a batch is a batch of its own
        assertThat(with(DELAY_3_MS, job(6, 10 * MS)).dueNanos(0)).isEqualTo(10 * MS);
        // no delay: due at admission
        assertThat(with(NO_DELAY, job(1, 10 * MS)).dueNanos(0)).isEqualTo(10 * MS);
    }

    @Test
    void noBatchIsDueForABusySlotOrForJobsAlreadyAnswered() {
        Job cancelled = job(1, 10 * MS);
        Job waiting = job(1, 11 * MS);
        BatchAssembler assembler = with(DELAY_3_MS, cancelled, waiting);
        cancelled.future().cancel(false);
        assertThat(assembler.dueNanos(0)).isEqualTo(14 * MS);
        waiting.future().completeExceptionally(new IllegalStateException("timed out"));
        assertThat(assembler.dueNanos(0)).isEqualTo(BatchAssembler.NEVER);

        BatchAssembler busy = with(NO_DELAY, job(1, 0));
        busy.callerRuns(0).orElseThrow();
        busy.admit(job(1, 1));
        assertThat(busy.dueNanos(0)).isEqualTo(BatchAssembler.NEVER);
        busy.finish(0);
        assertThat(busy.dueNanos(0)).isEqualTo(1);
    }

    @Test
    void aBatchTakesTheOldestJobsThatFitAndLeavesTheRest() {
        Job a = job(1, 0);
        Job b = job(2, 1);
        Job c = job(2, 2);
        Job d = job(1, 3);
        BatchAssembler assembler = with(NO_DELAY, a, b, c, d);
        Taken first = assembler.take(0, 7);
        assertThat(first.batch()).containsExactly(a, b);
        assertThat(first.items()).isEqualTo(3);
        assertThat(assembler.state().runningItems()).containsExactly(3);
        assertThat(assembler.state().runningSinceNanos()).containsExactly(7);
        assertThat(assembler.state().queuedItems()).isEqualTo(3);
        assertThatThrownBy(() -> assembler.take(0, 8)).isInstanceOf(IllegalStateException.class)
                .hasMessage("slot 0 runs a batch of 3 items already");

        assembler.finish(0);
        assertThat(assembler.take(0, 9).batch()).containsExactly(c, d);
        assembler.finish(0);
        Taken none = assembler.take(0, 10);
        assertThat(none.batch()).isEmpty();
        assertThat(assembler.state().runningItems()).containsExactly(0);
    }

    @Test
    void aJobPastItsLatestStartIsHandedBackAndAnAnsweredOneSkippedNeitherTakingRoomInTheBatch() {
        Job answered = job(2, 0);
        Job late = job(2, 1, 19);
        Job justInTime = job(2, 2, 20);
        Job next = job(2, 3);
        Job after = job(1, 4);
        BatchAssembler assembler = with(NO_DELAY, answered, late, justInTime, next, after);
        answered.future().cancel(false);

        Taken taken = assembler.take(0, 20);
        assertThat(taken.skipped()).containsExactly(answered);
        assertThat(taken.missed()).containsExactly(late);
        assertThat(taken.batch()).containsExactly(justInTime, next);
        assertThat(assembler.state().runningItems()).containsExactly(4);
        assertThat(assembler.state().queuedItems()).isEqualTo(1);
    }

    @Test
    void aTakeOfNothingButMissedJobsLeavesTheSlotFree() {
        Job late = job(1, 0, 5);
        BatchAssembler assembler = with(NO_DELAY, late);
        Taken taken = assembler.take(0, 6);
        assertThat(taken.batch()).isEmpty();
        assertThat(taken.missed()).containsExactly(late);
        assertThat(assembler.state().runningItems()).containsExactly(0);
        assertThat(assembler.dueNanos(0)).isEqualTo(BatchAssembler.NEVER);
    }

    @Test
    void aLoneJobAlreadyPastItsLatestStartIsHandedBackToItsCallerAtOnce() {
        Job late = job(1, 10, 9);
        BatchAssembler assembler = with(NO_DELAY, late);
        Taken taken = assembler.callerRuns(10).orElseThrow();
        assertThat(taken.missed()).containsExactly(late);
        assertThat(taken.batch()).isEmpty();
        assertThat(List.of(assembler.state().runningItems()[0], assembler.state().queuedItems()))
                .containsExactly(0, 0);
    }
}
