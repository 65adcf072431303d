package org.mdinference.server.scheduling;

import java.util.ArrayDeque;
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
 * {@code max_queue_delay_microseconds} does), and running it.
 *
 * <p>A batch runs in one of {@code workers} slots. Worker thread w runs its batches in slot w; when the delay is 0,
 * the queue is empty and a slot is free, the caller of {@link #offer} runs its own job in that slot at once, on its
 * own thread: a lone request then costs no hand-off to a worker and back (two thread wake-ups, which on a busy
 * machine cost more than a small model's inference), while requests that arrive during that run queue and form the
 * next batch as before.
 *
 * <p>A job may carry a latest start: when a worker comes to it later than that (the batches ahead took longer than
 * expected), it does not run, and its future fails with {@link MissedStartException} at once, so that its caller
 * can decide again with the time that is left rather than answer late.
 *
 * <p>Admission is a permit, not an exception: {@link #offer} returns the job's future, or nothing when the queue has
 * no room, and the caller answers "busy". A job's future fails with the model's own exception when the batch fails,
 * and with {@link QueueClosedException} when the queue closes first. The lock guards the deque and the counters
 * only; models run and futures complete outside it.
 */
public final class ModelQueue implements AutoCloseable {

    private static final long JOIN_MILLIS = 5_000;

    private final String model;
    private final BatchRunner runner;
    private final BatchingSettings settings;
    private final BatchObserver observer;
    private final LongSupplier nanoClock;
    private final long maxDelayNanos;
    private final List<Thread> workers = new ArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final int[] runningItems;
    private final long[] runningSince;
    private int queuedItems;
    private boolean closed;

    /**
     * @param latestStartNanos the job does not run if no worker takes it by then; {@link Long#MAX_VALUE}: none
     * @param warmUp           a warm-up job: its batch is neither observed nor counted, its first runs being cold
     */
    private record Job(float[] items, int n, long admittedNanos, long latestStartNanos,
                       CompletableFuture<Served> future, boolean warmUp) {
    }

    /** What a worker took: the batch to run, and the jobs it found past their latest start. */
    private record Taken(List<Job> batch, List<Job> missed) {
    }

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
        this.maxDelayNanos = settings.maxDelay().toNanos();
        this.runningItems = new int[settings.workers()];
        this.runningSince = new long[settings.workers()];
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
     * thread before returning when the queue is idle (see the class comment).
     *
     * @return the job's future, or empty when the queue is full or closed
     */
    public Optional<CompletableFuture<Served>> offer(float[] items, int n) {
        return admit(items, n, Long.MAX_VALUE, false);
    }

    /**
     * Like {@link #offer(float[], int)}, for a job that is worth running only if a worker takes it by
     * {@code latestStartNanos} (on the queue's clock); later, its future fails with {@link MissedStartException}.
     */
    public Optional<CompletableFuture<Served>> offer(float[] items, int n, long latestStartNanos) {
        return admit(items, n, latestStartNanos, false);
    }

    /**
     * Admits a warm-up job: it runs like any other, but a batch holding one is not told to the observer, so the
     * cold first runs of a model (allocation, page faults, the JIT) move neither the live profile nor the metrics.
     *
     * @return the job's future, or empty when the queue is full or closed
     */
    public Optional<CompletableFuture<Served>> offerWarmUp(float[] items, int n) {
        return admit(items, n, Long.MAX_VALUE, true);
    }

    private Optional<CompletableFuture<Served>> admit(float[] items, int n, long latestStartNanos, boolean warmUp) {
        CompletableFuture<Served> future = new CompletableFuture<>();
        Job job;
        int slot = -1;
        lock.lock();
        try {
            if (closed || queuedItems + n > settings.capacity()) {
                return Optional.empty();
            }
            job = new Job(items, n, nanoClock.getAsLong(), latestStartNanos, future, warmUp);
            if (maxDelayNanos == 0 && queue.isEmpty()) {
                slot = freeSlot();
            }
            if (slot >= 0) {
                runningItems[slot] = n;
                runningSince[slot] = job.admittedNanos();
            } else {
                queue.addLast(job);
                queuedItems += n;
                arrived.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (slot >= 0) {
            run(slot, List.of(job));
        }
        return Optional.of(future);
    }

    /** A slot no batch runs in, or -1. Called holding the lock. */
    private int freeSlot() {
        for (int w = 0; w < runningItems.length; w++) {
            if (runningItems[w] == 0) {
                return w;
            }
        }
        return -1;
    }

    /** What is queued and running now. */
    public QueueState state() {
        lock.lock();
        try {
            return new QueueState(queuedItems, runningItems.clone(), runningSince.clone());
        } finally {
            lock.unlock();
        }
    }

    private void work(int worker) {
        while (true) {
            Taken taken;
            try {
                taken = nextBatch(worker);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            taken.missed().forEach(job -> job.future().completeExceptionally(new MissedStartException(model)));
            if (taken.batch().isEmpty()) {
                if (taken.missed().isEmpty()) {
                    return;
                }
                continue;
            }
            run(worker, taken.batch());
        }
    }

    /**
     * The next batch, once full or once its oldest job has waited the max delay, and the jobs found past their
     * latest start on the way (the batch may then be empty); both empty when the queue closed.
     */
    private Taken nextBatch(int worker) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                while ((queue.isEmpty() || runningItems[worker] > 0) && !closed) {
                    arrived.await();
                }
                if (closed) {
                    return new Taken(List.of(), List.of());
                }
                long deadline = queue.peekFirst().admittedNanos() + maxDelayNanos;
                long left = deadline - nanoClock.getAsLong();
                while (!closed && !queue.isEmpty() && queuedItems < settings.maxBatch() && left > 0) {
                    left = arrived.awaitNanos(left);
                }
                if (closed) {
                    return new Taken(List.of(), List.of());
                }
                if (!queue.isEmpty()) {
                    return take(worker);
                }
                // another worker took the jobs while this one waited: wait for the next
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest job still in time, and those after it while they fit in one batch; the jobs past their latest start
     * leave the queue on the way. Called holding the lock.
     */
    private Taken take(int worker) {
        long now = nanoClock.getAsLong();
        List<Job> batch = new ArrayList<>();
        List<Job> missed = new ArrayList<>();
        int items = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || items + queue.peekFirst().n() <= settings.maxBatch())) {
            Job job = queue.pollFirst();
            queuedItems -= job.n();
            if (job.latestStartNanos() < now) {
                missed.add(job);
                continue;
            }
            batch.add(job);
            items += job.n();
        }
        if (!batch.isEmpty()) {
            runningItems[worker] = items;
            runningSince[worker] = now;
        }
        return new Taken(batch, missed);
    }

    private void run(int worker, List<Job> batch) {
        int items = batch.stream().mapToInt(Job::n).sum();
        float[] input = concatenate(batch, items);
        long start = nanoClock.getAsLong();
        float[][] outputs;
        try {
            outputs = runner.run(input, items);
        } catch (RuntimeException e) {
            finish(worker);
            batch.forEach(job -> job.future().completeExceptionally(e));
            return;
        }
        long end = nanoClock.getAsLong();
        finish(worker);
        double batchMs = (end - start) / 1e6;
        int at = 0;
        for (Job job : batch) {
            float[][] own = new float[job.n()][];
            System.arraycopy(outputs, at, own, 0, job.n());
            at += job.n();
            job.future().complete(new Served(own, (start - job.admittedNanos()) / 1e6, batchMs, items));
        }
        if (batch.stream().noneMatch(Job::warmUp)) {
            observer.batchRan(model, items, batchMs, (nanoClock.getAsLong() - end) / 1e6);
        }
    }

    private void finish(int worker) {
        lock.lock();
        try {
            runningItems[worker] = 0;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static float[] concatenate(List<Job> batch, int items) {
        if (batch.size() == 1) {
            return batch.get(0).items();
        }
        int itemElements = batch.get(0).items().length / batch.get(0).n();
        float[] input = new float[items * itemElements];
        int at = 0;
        for (Job job : batch) {
            System.arraycopy(job.items(), 0, input, at, job.items().length);
            at += job.items().length;
        }
        return input;
    }

    /** Fails the jobs still queued with {@link QueueClosedException}, lets running batches finish, stops workers. */
    @Override
    public void close() {
        List<Job> abandoned;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            abandoned = new ArrayList<>(queue);
            queue.clear();
            queuedItems = 0;
            arrived.signalAll();
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
