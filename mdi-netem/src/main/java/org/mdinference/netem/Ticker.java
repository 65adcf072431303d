package org.mdinference.netem;

import java.util.concurrent.locks.LockSupport;

/**
 * Where a proxy's time comes from: {@link #SYSTEM}, the monotonic clock it runs on, or a test's that moves only when
 * the test moves it, so that when the proxy delivers what is tested exactly, whatever else the machine is doing.
 */
interface Ticker {

    /**
     * {@link System#nanoTime()}. Parking to the nanosecond, not sleeping whole ms, keeps a small message's delay at
     * its transfer time rather than rounding it up to the next ms.
     */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void awaitNanos(long dueNanos) throws InterruptedException {
            for (long waitNanos = dueNanos - System.nanoTime(); waitNanos > 0;
                    waitNanos = dueNanos - System.nanoTime()) {
                LockSupport.parkNanos(this, waitNanos);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting " + waitNanos + " ns more");
                }
            }
        }
    };

    long nanoTime();

    /**
     * Returns once {@link #nanoTime()} has reached {@code dueNanos}; at once when it already has.
     *
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    void awaitNanos(long dueNanos) throws InterruptedException;
}
