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
 * the strikes. A refused request (4xx) says nothing of its health, nor does a call given too little time to answer
 * ({@link #FAIR_CHANCE}). {@link HealthProbes} brings it back.
 *
 * <p>An endpoint that did not answer when the front end started is unverified: out of rotation until it answers,
 * its model's contract has been checked and it has said whether it is an mdinference server.
 */
final class Replica {

    /** Failures in a row that take a reachable endpoint out of rotation. */
    static final int STRIKES = 3;
    /**
     * Round trips a call must have been given for its running out of time to count against the endpoint: a survivor
     * that takes the load of a dead replica, called with a few milliseconds left, is slow for its callers, not
     * broken.
     */
    static final double FAIR_CHANCE = 4;

    private final String member;
    private final MemberTransport transport;
    private final Consumer<String> log;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean inRotation;
    private volatile boolean verified;
    private volatile boolean mdinference;
    private volatile double roundTripMs;
    private int strikes;

    private Replica(String member, MemberTransport transport, boolean verified, boolean mdinference,
                    double roundTripMs, Consumer<String> log) {
        this.member = member;
        this.transport = transport;
        this.inRotation = verified;
        this.verified = verified;
        this.mdinference = mdinference;
        this.roundTripMs = roundTripMs;
        this.log = log;
    }

    /**
     * An endpoint checked at start, in rotation.
     *
     * @param roundTripMs its probe's round trip
     */
    static Replica verified(String member, MemberTransport transport, boolean mdinference, double roundTripMs,
                            Consumer<String> log) {
        return new Replica(member, transport, true, mdinference, roundTripMs, log);
    }

    /**
     * An endpoint that did not answer at start, out of rotation.
     *
     * @param roundTripMs what its round trip is taken to be until it has answered a trial
     */
    static Replica unverified(String member, MemberTransport transport, double roundTripMs, Consumer<String> log) {
        return new Replica(member, transport, false, false, roundTripMs, log);
    }

    boolean verified() {
        return verified;
    }

    /** Its contract checked, now that it answers; whether it is an mdinference server. */
    void verify(boolean isMdinference) {
        mdinference = isMdinference;
        verified = true;
    }

    /** Whether its server is an mdinference one: it takes {@code sla_ms} and tells its {@code queue_ms}. */
    boolean mdinference() {
        return mdinference;
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
            failed(e, call.timeoutNanos() / 1e6);
            throw e;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private synchronized void succeeded(double ms) {
        strikes = 0;
        roundTripMs = LatencyProfile.ALPHA * ms + (1 - LatencyProfile.ALPHA) * roundTripMs;
    }

    /**
     * @param givenMs the time the call had: a call given less than {@link #FAIR_CHANCE} round trips that ran out of
     *                it says more of its request's budget than of the endpoint
     */
    synchronized void failed(RemoteCallException failure, double givenMs) {
        boolean tight = givenMs < FAIR_CHANCE * roundTripMs;
        switch (failure.kind()) {
            case REFUSED -> { }
            case TIMED_OUT, LATE -> {
                if (!tight && ++strikes >= STRIKES) {
                    eject(strikes + " failures in a row, the last: " + failure.getMessage());
                }
            }
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

    /** It serves another model than the member's: it stays out for good, and says so once. */
    void refuse(String reason) {
        log.accept("member " + member + ": endpoint " + transport.endpoint() + " stays out of the choices: "
                + reason);
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
