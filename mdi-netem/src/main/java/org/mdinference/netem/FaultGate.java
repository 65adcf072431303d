package org.mdinference.netem;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The proxy's fault now, shared by its connections' writers: they wait here while it stalls. */
final class FaultGate {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Fault fault = Fault.NONE;

    Fault fault() {
        return fault;
    }

    void set(Fault next) {
        lock.lock();
        try {
            fault = next;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns once the proxy does not stall; at once when it does not. */
    void awaitFlowing() throws InterruptedException {
        if (fault != Fault.STALL) {
            return;
        }
        lock.lock();
        try {
            while (fault == Fault.STALL) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }
}
