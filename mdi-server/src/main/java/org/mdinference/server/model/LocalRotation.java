package org.mdinference.server.model;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Whether a member run in this process is among the zoo's choices, by how its runs in ONNX Runtime went: the rule
 * a remote member's {@code Replica} follows for its endpoints, for a model whose runtime fails instead of a server.
 *
 * <p>The member leaves the choices after {@link #STRIKES} failed runs in a row; a run that succeeds clears the count.
 * Not after one: ONNX Runtime may fail on one request's input (an index out of range, a shape the graph cannot
 * take) while it serves every other, and one bad request must not take a member away from everyone; three failures
 * with no success between them say that it fails whatever it is given, and cost three batches decided again. While
 * out, the zoo does not choose it and requests to it by name are refused with 503.
 *
 * <p>It comes back by a trial, so that a transient error (memory short for a moment, a device reset) does not
 * remove it for good: once its back-off has passed ({@link #FIRST_BACKOFF}), it is in the choices again, and the
 * first batch that then runs is its trial; while the trial runs it is out again, so that one batch, not a burst,
 * meets a runtime that may still fail. A trial that succeeds brings it back and resets the back-off; one that fails
 * takes it out again for twice as long, up to {@link #MAX_BACKOFF}. Batches that were queued before it left still
 * run; their failures are counted, but move neither the back-off nor the trial.
 *
 * <p>Every leave and return is logged ({@link Level#WARNING} with the runtime's message; {@link Level#INFO} for a
 * return). Thread-safe: {@link #available} is read by every decision without a lock; the rest is short and locked.
 */
public final class LocalRotation {

    /** Failed runs in a row that take the member out of the choices. */
    public static final int STRIKES = 3;
    /** How long the member stays out after it leaves, before a trial. */
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** The longest it stays out before a trial, however many trials failed. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final long IN = Long.MIN_VALUE;

    private final String member;
    private final LongSupplier nanoClock;
    private final System.Logger log;
    private final long firstBackoffNanos;
    private final long maxBackoffNanos;

    /** When its back-off ends, on the clock; {@link #IN} while in the choices. */
    private volatile long outUntil = IN;
    private volatile boolean trialRunning;
    // guarded by this
    private int strikes;
    private long backoffNanos;
    /** Why it is out, as its requests are told: fixed when it leaves, for a run queued before may clear the strikes. */
    private String outReason = "";

    /** With {@link #FIRST_BACKOFF} and {@link #MAX_BACKOFF}, logging as {@code LocalRotation}. */
    public LocalRotation(String member, LongSupplier nanoClock) {
        this(member, nanoClock, System.getLogger(LocalRotation.class.getName()), FIRST_BACKOFF, MAX_BACKOFF);
    }

    LocalRotation(String member, LongSupplier nanoClock, System.Logger log, Duration firstBackoff,
                  Duration maxBackoff) {
        this.member = member;
        this.nanoClock = nanoClock;
        this.log = log;
        this.firstBackoffNanos = firstBackoff.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.backoffNanos = firstBackoffNanos;
    }

    /** Whether the zoo may choose it: in the choices, or out with its back-off over and no trial running. */
    public boolean available() {
        long until = outUntil;
        return until == IN || !trialRunning && nanoClock.getAsLong() - until >= 0;
    }

    /** Why it is out, and how long until its trial; empty while it is in the choices. */
    public Optional<OutOfService> outOfService() {
        // every request to the member asks: those to a member in the choices take no lock
        if (available()) {
            return Optional.empty();
        }
        synchronized (this) {
            if (available()) {
                return Optional.empty();
            }
            long left = trialRunning ? 0 : Math.max(0, outUntil - nanoClock.getAsLong());
            return Optional.of(new OutOfService(outReason, (int) Math.max(1, Math.ceil(left / 1e9))));
        }
    }

    /**
     * A batch starts: the trial, when the member is out and its back-off is over.
     *
     * @return whether this run is the trial; pass it to {@link #succeeded} or {@link #failed}
     */
    public boolean starting() {
        // every batch asks: those of a member in the choices take no lock
        if (outUntil == IN) {
            return false;
        }
        synchronized (this) {
            if (outUntil != IN && !trialRunning && nanoClock.getAsLong() - outUntil >= 0) {
                trialRunning = true;
                return true;
            }
            return false;
        }
    }

    /** A run succeeded: the strikes are cleared, and a trial brings the member back. */
    public synchronized void succeeded(boolean trial) {
        strikes = 0;
        if (trial) {
            trialRunning = false;
            backoffNanos = firstBackoffNanos;
            outUntil = IN;
            log.log(Level.INFO, "member " + member + " is back in the zoo's choices: its trial run succeeded");
        }
    }

    /** A run failed in ONNX Runtime with {@code message}: a strike, or a failed trial. */
    public synchronized void failed(boolean trial, String message) {
        strikes++;
        long now = nanoClock.getAsLong();
        if (trial) {
            trialRunning = false;
            backoffNanos = Math.min(2 * backoffNanos, maxBackoffNanos);
            outUntil = now + backoffNanos;
            outReason = reason(message);
            log.log(Level.WARNING, "member " + member + " failed its trial run and stays out of the zoo's choices"
                    + " for " + seconds(backoffNanos) + ": " + message);
        } else if (outUntil == IN && strikes >= STRIKES) {
            outUntil = now + backoffNanos;
            outReason = reason(message);
            log.log(Level.WARNING, "member " + member + " left the zoo's choices: its last " + strikes + " runs"
                    + " failed in ONNX Runtime; a trial run in " + seconds(backoffNanos) + "; the last failure: "
                    + message);
        }
    }

    private String reason(String message) {
        return "its last " + strikes + " runs failed in ONNX Runtime, the last: " + message;
    }

    /** The trial's batch failed before it reached the runtime: the next batch is the trial. */
    public synchronized void trialAbandoned() {
        trialRunning = false;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /**
     * Why a member is out of the choices, for the 503 its own requests get.
     *
     * @param retryAfterSeconds when a retry may find it back (on trial), at least 1
     */
    public record OutOfService(String reason, int retryAfterSeconds) {
    }
}
