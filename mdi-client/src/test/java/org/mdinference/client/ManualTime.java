package org.mdinference.client;

import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A clock that moves only when the test moves it, and a scheduler whose tasks run as it moves, on the test's thread,
 * each at exactly its time: a client given both ({@link MdiClient.Builder#clock},
 * {@link MdiClient.Builder#deadlineScheduler}) decides its deadlines at their very instant, however busy the machine.
 * Events from other threads (the device model, OkHttp's replies) read the clock wherever the test left it.
 */
final class ManualTime implements LongSupplier {

    private volatile long nanos;
    /** Guarded by this. */
    private final PriorityQueue<Task> pending = new PriorityQueue<>();
    private long scheduled;
    private final Scheduler scheduler = new Scheduler();

    @Override
    public long getAsLong() {
        return nanos;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Moves the clock forward, running each task that falls due on the way at its own time, in time order. */
    void advanceMs(double ms) {
        long target = nanos + Math.round(ms * 1e6);
        while (true) {
            Task next;
            synchronized (this) {
                next = pending.peek();
                if (next == null || next.atNanos > target) {
                    break;
                }
                pending.poll();
            }
            nanos = Math.max(nanos, next.atNanos);
            next.run();
        }
        nanos = target;
    }

    /** Tasks scheduled and neither run nor cancelled. */
    synchronized int pending() {
        return pending.size();
    }

    private final class Task implements ScheduledFuture<Void> {
        final long atNanos;
        final long order;
        final Runnable work;
        volatile boolean cancelled;
        volatile boolean done;

        Task(long atNanos, long order, Runnable work) {
            this.atNanos = atNanos;
            this.order = order;
            this.work = work;
        }

        void run() {
            if (!cancelled) {
                work.run();
                done = true;
            }
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            synchronized (ManualTime.this) {
                if (done || cancelled) {
                    return false;
                }
                cancelled = true;
                pending.remove(this);
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Void get() {
            throw new UnsupportedOperationException("the client never waits for a deadline");
        }

        @Override
        public Void get(long timeout, TimeUnit unit) {
            return get();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atNanos - nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task that = (Task) other;
            int byTime = Long.compare(atNanos, that.atNanos);
            return byTime != 0 ? byTime : Long.compare(order, that.order);
        }
    }

    /** Schedules one-shot tasks only: all the client asks of it. */
    private final class Scheduler extends AbstractExecutorService implements ScheduledExecutorService {

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            synchronized (ManualTime.this) {
                Task task = new Task(nanos + Math.max(0, unit.toNanos(delay)), scheduled++, command);
                pending.add(task);
                return task;
            }
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void execute(Runnable command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown() {
            throw new UnsupportedOperationException("the test owns this scheduler; a client must not shut it down");
        }

        @Override
        public List<Runnable> shutdownNow() {
            throw new UnsupportedOperationException("the test owns this scheduler; a client must not shut it down");
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return false;
        }
    }
}
