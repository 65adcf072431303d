package org.mdinference.server.scheduling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The batching of one model's queue, as a pure state machine on a clock it is given: it admits jobs up to the
 * capacity, says when the next batch is due for a slot, forms it, and knows which slots run what. It owns no thread,
 * lock or clock: {@link ModelQueue} passes the time in, guards it with its one lock, runs the batches and completes
 * the futures; tests step it with exact times.
 *
 * <ul>
 *   <li>A batch is due for a free slot once its oldest job has waited {@link BatchingSettings#maxDelay()} since its
 *       admission, or at once when the jobs queued fill a batch: their items reach
 *       {@link BatchingSettings#maxBatch()}, or the next job does not fit.</li>
 *   <li>A batch takes the oldest jobs, in order, while they fit in {@code maxBatch} items (the first one always,
 *       whatever its size).</li>
 *   <li>On the way it drops the jobs whose caller has been answered already (their future is done: the request
 *       timed out or was cancelled) and the jobs past their latest start: neither runs; the first are skipped, the
 *       second are handed back to be answered at once. Answered jobs count towards neither a batch nor its due
 *       time.</li>
 *   <li>A job admitted while nothing is queued, with no max delay, when a slot is free, runs at once in that slot on
 *       the thread that offered it ({@link #callerRuns}).</li>
 * </ul>
 */
final class BatchAssembler {

    /** What {@link #dueNanos} says when no batch is due until something changes. */
    static final long NEVER = Long.MAX_VALUE;

    /**
     * One admitted request.
     *
     * @param items            its n items, laid out one after another
     * @param latestStartNanos it does not run when no batch takes it by then; {@link #NEVER}: any time
     * @param deadlineNanos    its caller waits for its answer until then; {@link #NEVER}: as long as it takes
     * @param warmUp           a warm-up job: its batch is neither observed nor counted, its first runs being cold
     */
    record Job(float[] items, int n, long admittedNanos, long latestStartNanos, long deadlineNanos,
               CompletableFuture<Served> future, boolean warmUp) {

        /** Its caller has its answer already (a timeout, a cancellation): running it would be wasted work. */
        boolean answered() {
            return future.isDone();
        }

        boolean missed(long nowNanos) {
            return latestStartNanos < nowNanos;
        }
    }

    /**
     * What one take removed from the queue.
     *
     * @param slot    the slot the batch runs in, busy from now until {@link #finish}
     * @param batch   the jobs to run together, oldest first; empty when every job taken was skipped or missed (the
     *                slot then stays free)
     * @param missed  jobs past their latest start: they must be answered at once, without running
     * @param skipped jobs already answered: nothing is left to do for them
     */
    record Taken(int slot, List<Job> batch, List<Job> missed, List<Job> skipped) {

        int items() {
            return batch.stream().mapToInt(Job::n).sum();
        }

        /** Until when the batch's answer is worth waiting for: its last caller's deadline. */
        long deadlineNanos() {
            return batch.stream().mapToLong(Job::deadlineNanos).max().orElse(NEVER);
        }
    }

    private final BatchingSettings settings;
    private final long maxDelayNanos;
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final int[] runningItems;
    private final long[] runningSinceNanos;
    private int queuedItems;
    private boolean closed;

    BatchAssembler(BatchingSettings settings) {
        this.settings = settings;
        this.maxDelayNanos = settings.maxDelay().toNanos();
        this.runningItems = new int[settings.workers()];
        this.runningSinceNanos = new long[settings.workers()];
    }

    /**
     * Queues a job when there is room for its items. A full queue first lets go of the jobs already answered, which
     * would otherwise hold room until a batch passed them.
     *
     * @return false when the queue is full or closed
     */
    boolean admit(Job job) {
        if (closed) {
            return false;
        }
        if (queuedItems + job.n() > settings.capacity()) {
            dropAnswered();
        }
        if (queuedItems + job.n() > settings.capacity()) {
            return false;
        }
        queue.addLast(job);
        queuedItems += job.n();
        return true;
    }

    private void dropAnswered() {
        queue.removeIf(job -> {
            if (job.answered()) {
                queuedItems -= job.n();
                return true;
            }
            return false;
        });
    }

    /**
     * The batch the thread that just admitted the only queued job runs itself, at once: when there is no max delay
     * and a slot is free. A lone request then costs no hand-off to a worker and back (two thread wake-ups, which on
     * a busy machine cost more than a small model's inference).
     *
     * @return that batch, taken as {@link #take} takes it; empty when a worker is to take the job
     */
    Optional<Taken> callerRuns(long nowNanos) {
        if (closed || maxDelayNanos > 0 || queue.size() != 1) {
            return Optional.empty();
        }
        for (int slot = 0; slot < runningItems.length; slot++) {
            if (runningItems[slot] == 0) {
                return Optional.of(take(slot, nowNanos));
            }
        }
        return Optional.empty();
    }

    /**
     * When the next batch is due for a slot: {@link #NEVER} while the slot runs a batch, the queue is closed or holds
     * no job still waiting for its answer; the oldest such job's admission when the queued jobs fill a batch (it is
     * due already); else that admission plus the max delay.
     */
    long dueNanos(int slot) {
        if (closed || runningItems[slot] > 0) {
            return NEVER;
        }
        Job oldest = null;
        int items = 0;
        for (Job job : queue) {
            if (job.answered()) {
                continue;
            }
            if (oldest == null) {
                oldest = job;
            } else if (items + job.n() > settings.maxBatch()) {
                return oldest.admittedNanos();
            }
            items += job.n();
            if (items >= settings.maxBatch()) {
                return oldest.admittedNanos();
            }
        }
        if (oldest == null) {
            return NEVER;
        }
        long admitted = oldest.admittedNanos();
        return admitted > NEVER - maxDelayNanos ? NEVER : admitted + maxDelayNanos;
    }

    /**
     * Takes the next batch into a free slot: the oldest jobs that fit, dropping on the way the jobs already
     * answered and those past their latest start. The slot is busy from now until {@link #finish} when the batch is
     * not empty.
     *
     * @throws IllegalStateException when the slot runs a batch already
     */
    Taken take(int slot, long nowNanos) {
        if (runningItems[slot] > 0) {
            throw new IllegalStateException("slot " + slot + " runs a batch of " + runningItems[slot]
                    + " items already");
        }
        List<Job> batch = new ArrayList<>();
        List<Job> missed = new ArrayList<>();
        List<Job> skipped = new ArrayList<>();
        int items = 0;
        while (!queue.isEmpty()) {
            Job next = queue.peekFirst();
            boolean answered = next.answered();
            boolean late = !answered && next.missed(nowNanos);
            if (!answered && !late && !batch.isEmpty() && items + next.n() > settings.maxBatch()) {
                break;
            }
            queue.pollFirst();
            queuedItems -= next.n();
            if (answered) {
                skipped.add(next);
            } else if (late) {
                missed.add(next);
            } else {
                batch.add(next);
                items += next.n();
            }
        }
        if (items > 0) {
            runningItems[slot] = items;
            runningSinceNanos[slot] = nowNanos;
        }
        return new Taken(slot, List.copyOf(batch), List.copyOf(missed), List.copyOf(skipped));
    }

    /** The slot's batch has run (or failed): the slot is free. */
    void finish(int slot) {
        runningItems[slot] = 0;
    }

    /** What is queued and running now. */
    QueueState state() {
        return new QueueState(queuedItems, runningItems.clone(), runningSinceNanos.clone());
    }

    boolean closed() {
        return closed;
    }

    /**
     * Closes the queue: it admits nothing more and forms no more batches; running ones may finish.
     *
     * @return the jobs still queued, removed, for their callers to be told; empty when closed already
     */
    List<Job> close() {
        if (closed) {
            return List.of();
        }
        closed = true;
        List<Job> abandoned = List.copyOf(queue);
        queue.clear();
        queuedItems = 0;
        return abandoned;
    }
}
