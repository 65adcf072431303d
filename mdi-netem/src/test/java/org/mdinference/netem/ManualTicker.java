package org.mdinference.netem;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A ticker that moves only when the test moves it, and tells the test what the proxy's threads wait for: the test
 * sees when each chunk is due before it lets it arrive, exactly, however slowly the machine runs the threads.
 */
final class ManualTicker implements Ticker {

    // guarded by this
    private long now;
    private final List<Long> awaited = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void awaitNanos(long dueNanos) throws InterruptedException {
        awaited.add(dueNanos);
        notifyAll();
        try {
            while (now < dueNanos) {
                wait();
            }
        } finally {
            awaited.remove(Long.valueOf(dueNanos));
        }
    }

    /** Moves the time on to {@code nanos} (never back) and wakes the threads whose time has come. */
    synchronized void advanceTo(long nanos) {
        now = Math.max(now, nanos);
        notifyAll();
    }

    /**
     * The earliest time a thread waits for, once one waits for a time still ahead.
     *
     * @throws AssertionError when no thread waits for one within {@link Sockets#PATIENCE}
     */
    synchronized long nextDue() throws InterruptedException {
        long giveUp = System.nanoTime() + Sockets.PATIENCE.toNanos();
        while (true) {
            OptionalLong next = awaited.stream().mapToLong(Long::longValue).filter(due -> due > now).min();
            if (next.isPresent()) {
                return next.getAsLong();
            }
            long left = giveUp - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no thread of the proxy waits for a time ahead of " + now + " ns");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
