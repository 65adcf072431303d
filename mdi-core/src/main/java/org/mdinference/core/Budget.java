package org.mdinference.core;

import java.util.Objects;

/**
 * The time a request leaves for inference: its end-to-end target on the device minus what the network has
 * already spent delivering it and what the reply is expected to need on the way back.
 *
 * <p>The paper writes {@code t_budget = t_sla - (t_transfer + t_network)}; when the return trip is unknown it is
 * taken equal to the upload ({@link #assumingSymmetricReturn}).
 *
 * <p>Under load each model's queue takes its share too: {@link #remainingFor} subtracts the wait the request would
 * meet at that model.
 *
 * @param slaMs      the end-to-end latency target on the device
 * @param elapsedMs  time already spent before the server received the request (the upload)
 * @param returnMs   expected time of the reply's trip back to the device
 * @param queueWaits the wait in each model's queue right now
 * @param returns    the return trips seen lately, as the next one's distribution; {@link TimeSpread#NONE} when
 *                   only the point estimate {@code returnMs} is known
 */
public record Budget(double slaMs, double elapsedMs, double returnMs, QueueWaits queueWaits, TimeSpread returns) {

    public Budget {
        Objects.requireNonNull(returns, "returns");
        // one decision, one moment: every question a policy asks of the queues is answered from the same reading
        queueWaits = Objects.requireNonNull(queueWaits, "queueWaits").snapshot();
        requireFinite("sla", slaMs);
        requireFinite("elapsed", elapsedMs);
        requireFinite("return", returnMs);
        if (elapsedMs < 0 || returnMs < 0) {
            throw new IllegalArgumentException(
                    "network times must not be negative, got elapsed " + elapsedMs + " and return " + returnMs);
        }
    }

    /** A budget without queues, as in the paper and the simulator. */
    public Budget(double slaMs, double elapsedMs, double returnMs) {
        this(slaMs, elapsedMs, returnMs, QueueWaits.NONE);
    }

    /** A budget that knows the return trip's point estimate only. */
    public Budget(double slaMs, double elapsedMs, double returnMs, QueueWaits queueWaits) {
        this(slaMs, elapsedMs, returnMs, queueWaits, TimeSpread.NONE);
    }

    /** The paper's rule when the return trip is unknown: it is taken to cost what the upload cost. */
    public static Budget assumingSymmetricReturn(double slaMs, double uploadMs) {
        return new Budget(slaMs, uploadMs, uploadMs);
    }

    /** Time left for queueing and inference; negative when the network alone already misses the target. */
    public double remainingMs() {
        return slaMs - elapsedMs - returnMs;
    }

    /** Time left for the inference itself if the request goes to this model, after its queue. */
    public double remainingFor(Model model) {
        return remainingMs() - queueWaits.waitMs(model);
    }

    /**
     * The spread of the model's finish time: its run's and its queue's wait's deviations, independent, so their
     * variances add. Not Math.hypot: its care for overflow costs more than the rest of a decision, and no latency
     * overflows.
     */
    public double spreadFor(Model model) {
        double runStdMs = model.latency().stdMs();
        double queueStdMs = queueWaits.waitStdMs(model);
        return Math.sqrt(runStdMs * runStdMs + queueStdMs * queueStdMs);
    }

    /**
     * The chance that this model's answer reaches the device by the deadline: its queue's wait, then its run, then
     * the return trip, drawn from the returns seen, or its point estimate when none is known.
     *
     * <p>A model known by its mean and deviation only has a normal run, and its queue's wait is normal too: their
     * variances add. A model whose recent runs were seen ({@link LatencyProfile#runs}) runs as those did, and the
     * pairs of a run and a return are counted exactly ({@link TimeSpread#chanceWithin(double, TimeSpread)}); the
     * queue's wait then stays normal by adding its mean to every run and its variance by stretching the runs about
     * their mean until theirs is the sum of both. That is exact for an idle queue (no deviation), and under load it
     * keeps the run's shape, tail included, where a normal sum would have none.
     *
     * <p>The runs seen give the shape; where it lies is the profile's mean. A window of hundreds of runs lags the
     * profile, which follows the last ones, and the admission after a choice ({@link ZooDecider}) holds a pick to
     * that mean: runs from a calmer minute would make a member look likely to arrive that admission then refuses,
     * and the request would get no answer from the cloud at all.
     */
    public double arrivalChance(Model model) {
        double limitMs = slaMs - elapsedMs - queueWaits.waitMs(model);
        TimeSpread runs = model.latency().runs();
        if (!runs.isEmpty()) {
            // the runs about the profile's mean: their shift moves the limit the other way
            double shiftMs = model.latency().meanMs() - runs.meanMs();
            return observedChance(runs, limitMs - shiftMs, queueWaits.waitStdMs(model));
        }
        double meanMs = model.latency().meanMs();
        double stdMs = spreadFor(model);
        return returns.isEmpty() ? TimeSpread.chance(limitMs - returnMs, meanMs, stdMs)
                : returns.chanceWithin(limitMs, meanMs, stdMs);
    }

    private double observedChance(TimeSpread runs, double limitMs, double queueStdMs) {
        double runVariance = runs.stdMs() * runs.stdMs();
        if (queueStdMs > 0 && runVariance == 0) {
            // every run took the same time: what varies is the queue's wait alone, a normal
            return returns.isEmpty() ? TimeSpread.chance(limitMs - returnMs, runs.meanMs(), queueStdMs)
                    : returns.chanceWithin(limitMs, runs.meanMs(), queueStdMs);
        }
        double widen = queueStdMs > 0 ? Math.sqrt(1 + queueStdMs * queueStdMs / runVariance) : 1;
        return returns.isEmpty() ? runs.shareWithin(limitMs - returnMs, widen)
                : runs.pairsWithin(limitMs, widen, returns);
    }

    /** The model expected to answer first: the fastest, unless queues say otherwise. */
    Model firstToFinish(Zoo zoo) {
        if (queueWaits == QueueWaits.NONE) {
            return zoo.fastest();
        }
        Model first = zoo.fastest();
        double earliest = first.latency().meanMs() + queueWaits.waitMs(first);
        for (Model model : zoo.models()) {
            double finish = model.latency().meanMs() + queueWaits.waitMs(model);
            if (finish < earliest) {
                first = model;
                earliest = finish;
            }
        }
        return first;
    }

    private static void requireFinite(String what, double ms) {
        if (!Double.isFinite(ms)) {
            throw new IllegalArgumentException(what + " time must be a finite number of ms, got " + ms);
        }
    }
}
