package org.mdinference.server.remote;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.mdinference.core.LatencyProfile;

/**
 * One endpoint of a remote member and what this server knows of it: whether it is in rotation, the calls in flight
 * to it, its recent round trip (an EWMA of the paper's weight) and its strikes.
 *
 * <p>An endpoint leaves the rotation at once when it cannot be reached, and after {@link #STRIKES} failures in a
 * row (5xx, reset connections, answers later than their callers waited, refusals to start late); a success clears
 * the strikes. A refused request (4xx) says nothing of its health. {@link HealthProbes} brings it back.
 */
final class Replica {

    /** Failures in a row that take a reachable endpoint out of rotation. */
    static final int STRIKES = 3;

    private final String member;
    private final MemberTransport transport;
    private final Consumer<String> log;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean inRotation = true;
    private volatile double roundTripMs;
    private int strikes;

    /** @param roundTripMs the round trip measured when the member was connected */
    Replica(String member, MemberTransport transport, double roundTripMs, Consumer<String> log) {
        this.member = member;
        this.transport = transport;
        this.roundTripMs = roundTripMs;
        this.log = log;
    }

    MemberTransport transport() {
        return transport;
    }

    boolean inRotation() {
        return inRotation;
    }

    /** When a call sent now would be answered, as far as this server can tell: one round trip per call ahead. */
    double expectedFinishMs() {
        return roundTripMs * (1 + inFlight.get());
    }

    RemoteReply call(RemoteCall call) throws RemoteCallException {
        inFlight.incrementAndGet();
        long start = System.nanoTime();
        try {
            RemoteReply reply = transport.infer(call);
            succeeded((System.nanoTime() - start) / 1e6);
            return reply;
        } catch (RemoteCallException e) {
            failed(e);
            throw e;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private synchronized void succeeded(double ms) {
        strikes = 0;
        roundTripMs = LatencyProfile.ALPHA * ms + (1 - LatencyProfile.ALPHA) * roundTripMs;
    }

    synchronized void failed(RemoteCallException failure) {
        switch (failure.kind()) {
            case REFUSED -> { }
            case UNREACHABLE -> eject(failure.getMessage());
            default -> {
                if (++strikes >= STRIKES) {
                    eject(strikes + " failures in a row, the last: " + failure.getMessage());
                }
            }
        }
    }

    synchronized void eject(String reason) {
        if (inRotation) {
            inRotation = false;
            log.accept("member " + member + ": endpoint " + transport.endpoint() + " left the choices: " + reason);
        }
    }

    /** Its health probe and a trial request succeeded: back in rotation, the trial's time as its round trip. */
    synchronized void readmit(double trialMs) {
        strikes = 0;
        roundTripMs = trialMs;
        if (!inRotation) {
            inRotation = true;
            log.accept("member " + member + ": endpoint " + transport.endpoint() + " is back in the choices");
        }
    }

    @Override
    public String toString() {
        return transport.endpoint().toString();
    }
}
