package org.mdinference.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.mdinference.server.protocol.OipException;

/**
 * A server's shutdown gate: whether it is draining, and how many inference requests it has admitted and not yet
 * answered. Admitting counts a request before it looks at the flag, so a drain that starts at the same moment either
 * refuses the request or waits for its answer; none slips past it.
 */
public final class Draining {

    /** What a request that arrives while the server drains is told (503, gRPC UNAVAILABLE). */
    public static final String MESSAGE = "the server is shutting down; retry on another replica";
    /** A replica behind the same address (a Kubernetes Service) answers at once; this one never will again. */
    private static final int RETRY_AFTER_SECONDS = 1;

    private volatile boolean draining;
    private int inFlight;

    /** Whether {@link #drain} has begun: readiness answers false from then on. */
    public boolean active() {
        return draining;
    }

    /** The refusal of a request that arrives while the server drains. */
    public static OipException refusal() {
        return OipException.busy(MESSAGE, RETRY_AFTER_SECONDS);
    }

    /**
     * Counts a request in flight until {@code answer} completes, either way.
     *
     * @throws OipException 503 with Retry-After when the server drains
     */
    void admit(CompletableFuture<?> answer) {
        synchronized (this) {
            inFlight++;
        }
        if (draining) {
            answered();
            throw refusal();
        }
        answer.whenComplete((response, failure) -> answered());
    }

    private synchronized void answered() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
        }
    }

    /** The requests admitted and not yet answered. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /**
     * Refuses new requests from now on and waits until those in flight are answered, or {@code limit} passes.
     *
     * @return whether every request in flight was answered
     */
    public boolean drain(Duration limit) throws InterruptedException {
        draining = true;
        long end = System.nanoTime() + limit.toNanos();
        synchronized (this) {
            while (inFlight > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
