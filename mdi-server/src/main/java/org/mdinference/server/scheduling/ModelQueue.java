package org.mdinference.server.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One model's bounded queue and its dynamic batcher: {@link BatchingSettings#workers()} threads, each taking the
 * oldest jobs into one batch of at most {@link BatchingSettings#maxBatch()} items, waiting at most
 * {@link BatchingSettings#maxDelay()} after the oldest job's admission for more to join (as Triton's
 * {@code max_queue_delay_microseconds} does), and running it. What forms a batch, and when, is decided by a
 * {@link BatchAssembler}; this class is its threaded shell: the lock, the workers, the runs, the futures.
 *
 * <p>A batch runs in one of {@code workers} slots. Worker thread w runs its batches in slot w; when the delay is 0,
 * the queue is empty and a slot is free, the caller of {@link #offer} runs its own job in that slot at once, on its
 * own thread: a lone request then costs no hand-off to a worker and back, while requests that arrive during that
 * run queue and form the next batch as before.
 *
 * <p>A job whose future is done when its batch is formed (its caller timed out or cancelled it) is skipped: its
 * answer has been given, and its inference would be wasted. A job may carry a latest start: when a batch is formed
 * later than that (the batches ahead took longer than expected), it does not run, and its future fails with
 * {@link MissedStartException} at once, so that its caller can decide again with the time that is left, or answer
 * that it is too late, rather than answer late.
 *
 * <p>Admission is a permit, not an exception: {@link #offer} returns the job's future, or nothing when the queue has
 * no room, and the caller answers "busy". A job's future fails with the model's own exception when the batch fails,
 * and with {@link QueueClosedException} when the queue closes first. Whatever a batch throws, an {@link Error} too,
 * its slot is freed and its jobs' futures complete, so that one failed batch never stops the model: an Error is
 * the jobs' answer and is also handed to the running thread's uncaught-exception handler (by default printed with
 * its stack trace), but the thread carries on, since a worker that died with it would leave its slot, and with one
 * worker the whole model, dead. An observer that throws is reported the same way. The lock guards the assembler
 * only; models run and futures complete outside it.
 */
public final class ModelQueue implements AutoCloseable {

    private static final long JOIN_MILLIS = 5_000;

    private final String model;
    private final BatchRunner runner;
    private final BatchingSettings settings;
    private final BatchObserver observer;
    private final LongSupplier nanoClock;
    private final List<Thread> workers = new ArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final BatchAssembler assembler;

    /**
     * Starts the workers at once.
     *
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}); waits for a batch to fill use
     *     real time
     */
    public ModelQueue(String model, BatchRunner runner, BatchingSettings settings, BatchObserver observer,
                      LongSupplier nanoClock, ThreadFactory threads) {
        this.model = model;
        this.runner = runner;
        this.settings = settings;
        this.observer = observer;
        this.nanoClock = nanoClock;
        this.assembler = new BatchAssembler(settings);
        for (int w = 0; w < settings.workers(); w++) {
            int worker = w;
            Thread thread = threads.newThread(() -> work(worker));
            thread.setName("mdi-batcher-" + model + "-" + w);
            workers.add(thread);
        }
        workers.forEach(Thread::start);
    }

    public BatchingSettings settings() {
        return settings;
    }

    /**
     * Admits a job of n items laid out one after another, when the queue has room for them; runs it on the calling
     * thread before returning when the queue is idle (see the class comment). Completing or cancelling the returned
     * future before the job's batch is formed withdraws the job.
     *
     * @return the job's future, or empty when the queue is full or closed
     */
    public Optional<CompletableFuture<Served>> offer(float[] items, int n) {
        return admit(items, n, BatchAssembler.NEVER, BatchAssembler.NEVER, false);
    }

    /**
     * Like {@link #offer(float[], int)}, for a job that is worth running only if a batch takes it by
     * {@code latestStartNanos} (on the queue's clock); later, its future fails with {@link MissedStartException}.
     * Its caller waits for the answer until {@code deadlineNanos}: the batch's runner is given until its last
     * job's deadline ({@link BatchRunner#run(float[], int, long)}).
     */
    public Optional<CompletableFuture<Served>> offer(float[] items, int n, long latestStartNanos,
                                                     long deadlineNanos) {
        return admit(items, n, latestStartNanos, deadlineNanos, false);
    }

    /**
     * Admits a warm-up job: it runs like any other, but a batch holding one is not told to the observer, so the
     * cold first runs of a model (allocation, page faults, the JIT) move neither the live profile nor the metrics.
     *
     * @return the job's future, or empty when the queue is full or closed
     */
    public Optional<CompletableFuture<Served>> offerWarmUp(float[] items, int n) {
        return admit(items, n, BatchAssembler.NEVER, BatchAssembler.NEVER, true);
    }

    private Optional<CompletableFuture<Served>> admit(float[] items, int n, long latestStartNanos,
                                                      long deadlineNanos, boolean warmUp) {
        CompletableFuture<Served> future = new CompletableFuture<>();
        Optional<BatchAssembler.Taken> callerRuns;
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            if (!assembler.admit(new BatchAssembler.Job(items, n, now, latestStartNanos, deadlineNanos, future,
                    warmUp))) {
                return Optional.empty();
            }
            callerRuns = assembler.callerRuns(now);
            if (callerRuns.isEmpty()) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        callerRuns.ifPresent(this::serve);
        return Optional.of(future);
    }

    /** What is queued and running now. */
    public QueueState state() {
        lock.lock();
        try {
            return assembler.state();
        } finally {
            lock.unlock();
        }
    }

    private void work(int worker) {
        while (true) {
            Optional<BatchAssembler.Taken> taken;
            try {
                taken = next(worker);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (taken.isEmpty()) {
                return;
            }
            serve(taken.get());
        }
    }

    /** The worker's next take, once one is due; empty when the queue closed. */
    private Optional<BatchAssembler.Taken> next(int worker) throws InterruptedException {
        lock.lock();
        try {
            while (!assembler.closed()) {
                long now = nanoClock.getAsLong();
                long due = assembler.dueNanos(worker);
                if (due <= now) {
                    return Optional.of(assembler.take(worker, now));
                }
                if (due == BatchAssembler.NEVER) {
                    changed.await();
                } else {
                    changed.awaitNanos(due - now);
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Answers the missed jobs at once, then runs the batch, if any. */
    private void serve(BatchAssembler.Taken taken) {
        taken.missed().forEach(job -> job.future().completeExceptionally(new MissedStartException(model)));
        if (!taken.batch().isEmpty()) {
            run(taken);
        }
    }

    private void run(BatchAssembler.Taken taken) {
        List<BatchAssembler.Job> batch = taken.batch();
        int items = taken.items();
        long start = nanoClock.getAsLong();
        long end = start;
        long deadline = taken.deadlineNanos();
        long timeout = deadline == BatchAssembler.NEVER ? Long.MAX_VALUE : Math.max(0, deadline - start);
        BatchOutput output = null;
        Throwable failure = null;
        try {
            output = runner.run(concatenate(batch, items), items, timeout);
            end = nanoClock.getAsLong();
        } catch (Throwable e) {
            // whatever the model throws, an Error too, is its jobs' answer
            failure = e;
        } finally {
            finish(taken.slot());
        }
        if (failure != null) {
            fail(batch, failure);
            if (failure instanceof Error) {
                report(failure);
            }
            if (batch.stream().noneMatch(BatchAssembler.Job::warmUp)) {
                try {
                    observer.batchFailed(model, items, failure);
                } catch (RuntimeException | Error e) {
                    report(e);
                }
            }
            return;
        }
        // a remote member's own queue is a wait, not part of the run: the wait estimate counts it apart
        double remoteQueueMs = output.remoteQueueMs();
        double batchMs = (end - start) / 1e6 - remoteQueueMs;
        try {
            int at = 0;
            for (BatchAssembler.Job job : batch) {
                float[][] own = new float[job.n()][];
                System.arraycopy(output.outputs(), at, own, 0, job.n());
                at += job.n();
                job.future().complete(new Served(own, (start - job.admittedNanos()) / 1e6 + remoteQueueMs, batchMs,
                        items));
            }
            if (batch.stream().noneMatch(BatchAssembler.Job::warmUp)) {
                observer.batchRan(model, items, batchMs, (nanoClock.getAsLong() - end) / 1e6);
                if (remoteQueueMs > 0) {
                    observer.queuedRemotely(model, remoteQueueMs);
                }
            }
        } catch (RuntimeException | Error e) {
            // outputs that do not match the batch, or an observer that throws: the server's fault, not the model's
            fail(batch, e);
            report(e);
        }
    }

    /** Fails the jobs of the batch not completed yet. */
    private static void fail(List<BatchAssembler.Job> batch, Throwable failure) {
        batch.forEach(job -> job.future().completeExceptionally(failure));
    }

    /** Tells the running thread's uncaught-exception handler, without ending the thread. */
    private static void report(Throwable failure) {
        Thread thread = Thread.currentThread();
        thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
    }

    private void finish(int slot) {
        lock.lock();
        try {
            assembler.finish(slot);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static float[] concatenate(List<BatchAssembler.Job> batch, int items) {
        if (batch.size() == 1) {
            return batch.get(0).items();
        }
        int itemElements = batch.get(0).items().length / batch.get(0).n();
        float[] input = new float[items * itemElements];
        int at = 0;
        for (BatchAssembler.Job job : batch) {
            System.arraycopy(job.items(), 0, input, at, job.items().length);
            at += job.items().length;
        }
        return input;
    }

    /** Fails the jobs still queued with {@link QueueClosedException}, lets running batches finish, stops workers. */
    @Override
    public void close() {
        List<BatchAssembler.Job> abandoned;
        lock.lock();
        try {
            if (assembler.closed()) {
                return;
            }
            abandoned = assembler.close();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        abandoned.forEach(job -> job.future().completeExceptionally(new QueueClosedException(model)));
        for (Thread worker : workers) {
            try {
                worker.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
