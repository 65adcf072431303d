package org.mdinference.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ModelQueueTest {

    private static float[][] identity(float[] batch, int n) {
        float[][] out = new float[n][1];
        for (int i = 0; i < n; i++) {
            out[i][0] = batch[i];
        }
        return out;
    }

    /** A runner that holds a batch whose first item is 1 until the latch opens (at most 5 s), and others not at all. */
    static BatchRunner holdingOnes(CountDownLatch release) {
        return (batch, n) -> {
            if (batch[0] == 1) {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return identity(batch, n);
        };
    }

    /** Offers on a new thread, since an idle queue runs the job on the offering thread before it returns. */
    private static CompletableFuture<Served> offerFromAnotherThread(ModelQueue queue, float[] items, int n) {
        return CompletableFuture.supplyAsync(() -> queue.offer(items, n).orElseThrow(), runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            thread.start();
        }).thenCompose(future -> future);
    }

    @Test
    void anIdleQueueRunsALoneJobOnTheCallersThreadAndABusyOneOnItsWorker() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> ranOn = new ArrayList<>();
        BatchRunner holding = holdingOnes(release);
        BatchRunner recording = (batch, n) -> {
            synchronized (ranOn) {
                ranOn.add(Thread.currentThread());
            }
            return holding.run(batch, n);
        };
        try (ModelQueue queue = new ModelQueue("m", recording, new BatchingSettings(4, Duration.ZERO, 100, 1),
                BatchObserver.NONE, System::nanoTime, Thread::new)) {
            CompletableFuture<Served> alone = queue.offer(new float[] {0}, 1).orElseThrow();
            assertThat(alone).isDone();
            assertThat(ranOn).containsExactly(Thread.currentThread());

            CompletableFuture<Served> blocking = offerFromAnotherThread(queue, new float[] {1}, 1);
            while (queue.state().runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
            CompletableFuture<Served> queued = queue.offer(new float[] {2}, 1).orElseThrow();
            assertThat(queued).isNotDone();
            release.countDown();
            assertThat(queued.get(5, TimeUnit.SECONDS).outputs()[0][0]).isEqualTo(2f);
            blocking.get(5, TimeUnit.SECONDS);
            assertThat(ranOn).hasSize(3);
            assertThat(ranOn.get(2).getName()).isEqualTo("mdi-batcher-m-0");
        }
    }

    @Test
    void jobsThatQueueWhileABatchRunsFormTheNextBatch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> batches = new ArrayList<>();
        BatchRunner gated = (batch, n) -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (batches) {
                batches.add(n);
            }
            return identity(batch, n);
        };
        try (ModelQueue queue = new ModelQueue("m", gated, new BatchingSettings(4, Duration.ZERO, 100, 1),
                BatchObserver.NONE, System::nanoTime, Thread::new)) {
            CompletableFuture<Served> first = offerFromAnotherThread(queue, new float[] {0}, 1);
            while (queue.state().runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
            List<CompletableFuture<Served>> rest = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                rest.add(queue.offer(new float[] {i}, 1).orElseThrow());
            }
            assertThat(queue.state().queuedItems()).isEqualTo(6);
            release.countDown();
            first.get(5, TimeUnit.SECONDS);
            for (int i = 0; i < rest.size(); i++) {
                assertThat(rest.get(i).get(5, TimeUnit.SECONDS).outputs()[0][0]).isEqualTo(i + 1f);
            }
            assertThat(batches).containsExactly(1, 4, 2);
            assertThat(rest.get(0).get().batchItems()).isEqualTo(4);
        }
    }

    @Test
    void aFullQueueRefusesWithoutThrowingAndClosingFailsWhatIsQueued() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BatchRunner blocked = (batch, n) -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return identity(batch, n);
        };
        ModelQueue queue = new ModelQueue("m", blocked, new BatchingSettings(1, Duration.ZERO, 2, 1),
                BatchObserver.NONE, System::nanoTime, Thread::new);
        CompletableFuture<Served> running = offerFromAnotherThread(queue, new float[] {0}, 1);
        while (queue.state().runningItems()[0] == 0) {
            Thread.onSpinWait();
        }
        CompletableFuture<Served> queued = queue.offer(new float[] {1, 2}, 2).orElseThrow();
        assertThat(queue.offer(new float[] {3}, 1)).isEqualTo(Optional.empty());
        Thread closing = new Thread(queue::close);
        closing.start();
        assertThat(queued.handle((r, e) -> e).get(5, TimeUnit.SECONDS)).isNotNull();
        release.countDown();
        closing.join(5_000);
        assertThat(running.get(5, TimeUnit.SECONDS).outputs()[0][0]).isZero();
        assertThat(queued.handle((r, e) -> e).get()).isInstanceOf(QueueClosedException.class);
        assertThat(queue.offer(new float[] {4}, 1)).isEmpty();
    }

    @Test
    void aFailingBatchFailsItsJobsWithTheModelsException() {
        try (ModelQueue queue = new ModelQueue("m", (batch, n) -> {
            throw new IllegalStateException("boom");
        }, new BatchingSettings(4, Duration.ZERO, 10, 1), BatchObserver.NONE, System::nanoTime, Thread::new)) {
            CompletableFuture<Served> job = queue.offer(new float[] {1}, 1).orElseThrow();
            assertThat(job.handle((r, e) -> e).join()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        }
    }

    @Test
    void theObserverIsToldHowLongCompletingTheBatchsRequestsTook() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BatchRunner gated = holdingOnes(release);
        CompletableFuture<Double> queuedHandOff = new CompletableFuture<>();
        BatchObserver observer = (model, items, batchMs, handOffMs) -> {
            if (Thread.currentThread().getName().startsWith("mdi-batcher")) {
                queuedHandOff.complete(handOffMs);
            }
        };
        try (ModelQueue queue = new ModelQueue("m", gated, new BatchingSettings(4, Duration.ZERO, 100, 1), observer,
                System::nanoTime, Thread::new)) {
            CompletableFuture<Served> blocking = offerFromAnotherThread(queue, new float[] {1}, 1);
            while (queue.state().runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
            // queued behind the blocking job, so the worker runs it; what its reply costs, here 20 ms, is written
            // on the worker's thread when its future completes
            queue.offer(new float[] {2}, 1).orElseThrow().thenRun(() -> sleep(20));
            release.countDown();
            blocking.get(5, TimeUnit.SECONDS);
            assertThat(queuedHandOff.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(20.0);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aJobTheWorkerReachesAfterItsLatestStartDoesNotRunAndSaysSo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Float> ran = new ArrayList<>();
        BatchRunner holding = holdingOnes(release);
        BatchRunner gated = (batch, n) -> {
            float[][] out = holding.run(batch, n);
            synchronized (ran) {
                for (int i = 0; i < n; i++) {
                    ran.add(batch[i]);
                }
            }
            return out;
        };
        try (ModelQueue queue = new ModelQueue("m", gated, new BatchingSettings(4, Duration.ZERO, 100, 1),
                BatchObserver.NONE, System::nanoTime, Thread::new)) {
            CompletableFuture<Served> blocking = offerFromAnotherThread(queue, new float[] {1}, 1);
            while (queue.state().runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
            CompletableFuture<Served> hurried = queue.offer(new float[] {2}, 1, System.nanoTime() + 1_000_000, Long.MAX_VALUE)
                    .orElseThrow();
            CompletableFuture<Served> patient = queue.offer(new float[] {3}, 1, Long.MAX_VALUE, Long.MAX_VALUE).orElseThrow();
            Thread.sleep(10);
            release.countDown();

            assertThat(patient.get(5, TimeUnit.SECONDS).outputs()[0][0]).isEqualTo(3f);
            assertThatThrownBy(() -> hurried.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(MissedStartException.class);
            blocking.get(5, TimeUnit.SECONDS);
            assertThat(ran).containsExactly(1f, 3f);
            assertThat(queue.state().queuedItems()).isZero();
        }
    }

    /** Threads that record what reaches their uncaught-exception handler, daemons so that no test hangs on them. */
    private static ThreadFactory recordingFailures(List<Throwable> reported) {
        return work -> {
            Thread thread = new Thread(work);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, failure) -> {
                synchronized (reported) {
                    reported.add(failure);
                }
            });
            return thread;
        };
    }

    /** Offers on a new thread of the factory, so that a caller-run batch runs there. */
    private static CompletableFuture<Served> offerOn(ThreadFactory threads, ModelQueue queue, float[] items) {
        CompletableFuture<CompletableFuture<Served>> offered = new CompletableFuture<>();
        threads.newThread(() -> offered.complete(queue.offer(items, items.length).orElseThrow())).start();
        return offered.thenCompose(future -> future);
    }

    @Test
    void aBatchThatThrowsAnErrorFailsItsJobsFreesItsSlotAndTheQueueServesTheNext() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BatchRunner holding = holdingOnes(release);
        BatchRunner crashing = (batch, n) -> {
            if (batch[0] == 9) {
                throw new StackOverflowError("the model crashed");
            }
            return holding.run(batch, n);
        };
        List<Throwable> reported = new ArrayList<>();
        ThreadFactory threads = recordingFailures(reported);
        try (ModelQueue queue = new ModelQueue("m", crashing, new BatchingSettings(1, Duration.ZERO, 100, 1),
                BatchObserver.NONE, System::nanoTime, threads)) {
            // on the caller's thread
            CompletableFuture<Served> crashed = offerOn(threads, queue, new float[] {9});
            assertThatThrownBy(() -> crashed.get(5, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(StackOverflowError.class).hasRootCauseMessage("the model crashed");
            assertThat(offerOn(threads, queue, new float[] {2}).get(5, TimeUnit.SECONDS).outputs()[0][0])
                    .isEqualTo(2f);

            // on the worker's: a held batch first, so that the next ones queue
            CompletableFuture<Served> held = offerOn(threads, queue, new float[] {1});
            while (queue.state().runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
            CompletableFuture<Served> crashedOnWorker = queue.offer(new float[] {9}, 1).orElseThrow();
            CompletableFuture<Served> next = queue.offer(new float[] {3}, 1).orElseThrow();
            release.countDown();
            held.get(5, TimeUnit.SECONDS);
            assertThat(crashedOnWorker.handle((r, e) -> e).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(StackOverflowError.class);
            assertThat(next.get(5, TimeUnit.SECONDS).outputs()[0][0]).isEqualTo(3f);
            assertThat(queue.state().runningItems()).containsExactly(0);
            synchronized (reported) {
                assertThat(reported).hasSize(2).allMatch(StackOverflowError.class::isInstance);
            }
        }
    }

    @Test
    void anObserverThatThrowsLeavesEveryJobAnsweredAndTheQueueServing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BatchObserver failing = (model, items, batchMs, handOffMs) -> {
            throw new IllegalStateException("the metrics broke");
        };
        List<Throwable> reported = new ArrayList<>();
        ThreadFactory threads = recordingFailures(reported);
        try (ModelQueue queue = new ModelQueue("m", holdingOnes(release), new BatchingSettings(1, Duration.ZERO,
                100, 1), failing, System::nanoTime, threads)) {
            CompletableFuture<Served> held = offerOn(threads, queue, new float[] {1});
            while (queue.state().runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
            List<CompletableFuture<Served>> queued = new ArrayList<>();
            for (int i = 2; i <= 4; i++) {
                queued.add(queue.offer(new float[] {i}, 1).orElseThrow());
            }
            release.countDown();
            assertThat(held.get(5, TimeUnit.SECONDS).outputs()[0][0]).isEqualTo(1f);
            for (int i = 0; i < queued.size(); i++) {
                assertThat(queued.get(i).get(5, TimeUnit.SECONDS).outputs()[0][0]).isEqualTo(i + 2f);
            }
            assertThat(offerOn(threads, queue, new float[] {5}).get(5, TimeUnit.SECONDS).outputs()[0][0])
                    .isEqualTo(5f);
            synchronized (reported) {
                assertThat(reported).hasSize(5).allMatch(IllegalStateException.class::isInstance);
            }
        }
    }

    @Test
    void aJobWhoseCallerWasAnsweredBeforeItsBatchFormedDoesNotRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Float> ran = new ArrayList<>();
        BatchRunner holding = holdingOnes(release);
        BatchRunner recording = (batch, n) -> {
            synchronized (ran) {
                for (int i = 0; i < n; i++) {
                    ran.add(batch[i]);
                }
            }
            return holding.run(batch, n);
        };
        try (ModelQueue queue = new ModelQueue("m", recording, new BatchingSettings(4, Duration.ZERO, 100, 1),
                BatchObserver.NONE, System::nanoTime, Thread::new)) {
            CompletableFuture<Served> blocking = offerFromAnotherThread(queue, new float[] {1}, 1);
            while (queue.state().runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
            CompletableFuture<Served> cancelled = queue.offer(new float[] {2}, 1).orElseThrow();
            CompletableFuture<Served> timedOut = queue.offer(new float[] {3}, 1).orElseThrow();
            CompletableFuture<Served> waiting = queue.offer(new float[] {4}, 1).orElseThrow();
            cancelled.cancel(false);
            timedOut.completeExceptionally(new TimeoutException());
            release.countDown();
            blocking.get(5, TimeUnit.SECONDS);
            assertThat(waiting.get(5, TimeUnit.SECONDS).batchItems()).isEqualTo(1);
            synchronized (ran) {
                assertThat(ran).containsExactly(1f, 4f);
            }
        }
    }
}
