package org.mdinference.client;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.mdinference.core.Answer;
import org.mdinference.core.DeadlineRule;

/**
 * One request's race between the device model, the cloud call and the deadline, decided by core's
 * {@link DeadlineRule} as the events come: the cloud's answer when it arrives by the deadline, else the device's at
 * the deadline, or as soon as it exists when the device is slower than the SLA; if neither is there by the deadline,
 * whichever comes first. Once the cloud can no longer answer (no model fits, the call failed or was skipped), waiting
 * has no value: the deadline moves to that moment, and the device's answer is returned as soon as it is ready.
 * When the device model failed, the deadline passes and no cloud answer is there, the request fails with
 * {@link NoAnswerException}.
 *
 * <p>Event times are ms after the request started, on the client's clock; they are passed in, so a test can play
 * any order of events.
 * The answer is decided at the first event at which the rule's choice can no longer change: events still unknown
 * can only happen later. "Now" is the latest time of any event seen so far: events come from several threads,
 * and the last to take the lock may carry an earlier time than one before it; deciding on that earlier time could
 * leave the answer waiting for an event that never comes. The future is completed outside the lock, on the thread
 * of the deciding event.
 */
final class Race {

    private static final double NEVER = Double.POSITIVE_INFINITY;

    private final LongSupplier clock;
    private final long startNanos;
    private final double slaMs;
    private final Transfer transfer;
    private final CompletableFuture<Classification> answer = new CompletableFuture<>();
    private final Object lock = new Object();

    // all guarded by lock
    private boolean decided;
    private double latestMs;
    private Prediction device;
    private double deviceMs = NEVER;
    private Throwable deviceFailure;
    private double toldElapsedMs;
    private double toldReturnMs;
    private Optional<InferReply> reply = Optional.empty();
    private double replyMs = NEVER;
    private CloudOutcome.Status cloudEnd = CloudOutcome.Status.LATE;
    private String cloudReason = "";
    /** When the cloud could no longer answer. */
    private double cloudOverMs = NEVER;

    /**
     * @param clock      the client's clock, ns
     * @param startNanos when the request started, on that clock
     */
    Race(LongSupplier clock, long startNanos, double slaMs, Transfer transfer) {
        this.clock = clock;
        this.startNanos = startNanos;
        this.slaMs = slaMs;
        this.transfer = transfer;
    }

    /**
     * Plays both ends of a deadline once, on throwaway races: the first real request's deadline then does not pay
     * for loading and linking the classes of its answer or its failure, several ms on a cold JVM.
     */
    static void rehearse() {
        LongSupplier stopped = () -> 0;
        Race answered = new Race(stopped, 0, 1, new Transfer());
        answered.deviceAnswered(0, Prediction.of(new float[] {0, 1}));
        answered.deadline(1);
        Race failed = new Race(stopped, 0, 1, new Transfer());
        failed.deviceFailed(0, new IllegalStateException("a rehearsal"));
        failed.deadline(1);
    }

    CompletableFuture<Classification> answer() {
        return answer;
    }

    /** Ms since the request started, on the client's clock. */
    double now() {
        return (clock.getAsLong() - startNanos) / 1e6;
    }

    void deviceAnswered(double atMs, Prediction prediction) {
        synchronized (lock) {
            device = prediction;
            deviceMs = atMs;
        }
        decide(atMs);
    }

    /**
     * The device's confidence gate let its answer stand alone: nothing is sent, and the answer is the device's, now.
     */
    void gated(double atMs, Prediction prediction, double threshold) {
        synchronized (lock) {
            device = prediction;
            deviceMs = atMs;
            cloudEnd = CloudOutcome.Status.GATED;
            cloudReason = String.format(Locale.ROOT, "the device model's confidence %.6f is above the gate's"
                    + " threshold %.6f: answered on the device, nothing sent", prediction.confidence(), threshold);
            cloudOverMs = Math.min(cloudOverMs, atMs);
        }
        decide(atMs);
    }

    void deviceFailed(double atMs, Throwable failure) {
        synchronized (lock) {
            deviceFailure = failure;
        }
        decide(atMs);
    }

    /** What the device tells the server of the network, before the call is sent (or skipped). */
    void told(double elapsedMs, double returnMs) {
        synchronized (lock) {
            toldElapsedMs = elapsedMs;
            toldReturnMs = returnMs;
        }
    }

    /** A reply that is an answer of a member or the server's word that none fits. */
    void cloudReplied(double atMs, InferReply arrived) {
        synchronized (lock) {
            reply = Optional.of(arrived);
            replyMs = atMs;
            if (arrived.noModelFits()) {
                cloudEnd = CloudOutcome.Status.NO_MODEL_FITS;
                cloudOverMs = Math.min(cloudOverMs, atMs);
            } else {
                cloudEnd = atMs <= slaMs ? CloudOutcome.Status.SERVED : CloudOutcome.Status.LATE;
            }
        }
        decide(atMs);
    }

    /** The call failed, or was not sent at all ({@link CloudOutcome.Status#SKIPPED}). */
    void cloudFailed(double atMs, CloudOutcome.Status status, String reason) {
        synchronized (lock) {
            cloudEnd = status;
            cloudReason = reason;
            cloudOverMs = Math.min(cloudOverMs, atMs);
        }
        decide(atMs);
    }

    void deadline(double atMs) {
        decide(Math.max(atMs, slaMs));
    }

    /** Fails the request unless it is decided already: the client is closing. */
    void abandon(String why) {
        CloudOutcome cloud;
        synchronized (lock) {
            if (decided) {
                return;
            }
            decided = true;
            cloud = cloudOutcome();
        }
        answer.completeExceptionally(new NoAnswerException(why, null, cloud));
    }

    private void decide(double atMs) {
        Classification result = null;
        NoAnswerException failure = null;
        synchronized (lock) {
            if (decided) {
                return;
            }
            latestMs = Math.max(latestMs, atMs);
            double nowMs = latestMs;
            double deadlineMs = Math.min(slaMs, cloudOverMs);
            boolean cloudAnswered = reply.isPresent() && !reply.get().noModelFits();
            if (deviceFailure != null && !cloudAnswered && nowMs >= deadlineMs) {
                failure = noAnswer();
            } else {
                Answer rule = DeadlineRule.resolve(deadlineMs, cloudAnswered ? replyMs : NEVER,
                        device != null ? deviceMs : NEVER, true);
                if (rule.latencyMs() > nowMs) {
                    return;
                }
                Prediction chosen = rule.fromCloud() ? reply.get().prediction().get() : device;
                result = new Classification(chosen,
                        rule.fromCloud() ? Classification.Source.CLOUD : Classification.Source.DEVICE, nowMs,
                        cloudOutcome());
            }
            decided = true;
        }
        if (result != null) {
            answer.complete(result);
        } else {
            answer.completeExceptionally(failure);
        }
    }

    /** The device model failed and the cloud has not answered by the deadline; called with the lock held. */
    private NoAnswerException noAnswer() {
        return new NoAnswerException("no answer by the deadline of " + slaMs + " ms: the device model failed ("
                + deviceFailure + ") and the cloud's answer did not come in time ("
                + cloudEnd.name().toLowerCase(Locale.ROOT) + (cloudReason.isEmpty() ? "" : ": " + cloudReason) + ")",
                deviceFailure, cloudOutcome());
    }

    /** The cloud call as it stands now; called with the lock held. */
    private CloudOutcome cloudOutcome() {
        Optional<String> model = reply.isPresent() ? reply.get().model() : Optional.<String>empty();
        OptionalDouble budget = reply.isPresent() ? reply.get().budgetMs() : OptionalDouble.empty();
        OptionalDouble arrived = reply.isPresent() ? OptionalDouble.of(replyMs) : OptionalDouble.empty();
        return new CloudOutcome(cloudEnd, cloudReason, model, budget, arrived, toldElapsedMs, toldReturnMs,
                transfer.sent(), transfer.received());
    }
}
