package org.mdinference.core;

import java.util.Objects;

/**
 * What is known of a model's inference latency: a normal distribution's mean and standard deviation, in
 * milliseconds, kept current by the paper's online update.
 *
 * <p>The update is an exponentially weighted moving average with {@link #ALPHA} = 0.5 on mean and variance. A
 * sample more than {@link #COLD_SIGMAS} standard deviations from the mean is "cold" (a first run, a page fault, a
 * descheduled thread) and is not folded in: one outlier must not make the model look slow for the next requests.
 * Profilers discard the first {@link #WARM_UP_INFERENCES} runs of a model before they start measuring.
 *
 * <p>A server that has watched the model run also knows the distribution of its recent runs ({@link #runs}): a run's
 * tail is no normal's, and {@link Budget#arrivalChance} weighs that distribution where it is known. The paper's
 * policies, and every profile read from a file, have the mean and deviation only.
 *
 * <p>Immutable: {@link #observe} returns a new profile, so one can be shared between threads and swapped
 * atomically.
 *
 * @param runs the model's recent runs at the batch size this profile describes; {@link TimeSpread#NONE} when too few
 *             were seen, or none is kept
 */
public record LatencyProfile(double meanMs, double stdMs, TimeSpread runs) {

    /** Weight of the newest sample in the moving average (the paper's value). */
    public static final double ALPHA = 0.5;
    /** Distance from the mean, in standard deviations, beyond which a sample counts as cold. */
    public static final double COLD_SIGMAS = 10.0;
    /** Runs a profiler throws away before measuring (the paper's warm-up). */
    public static final int WARM_UP_INFERENCES = 10;

    public LatencyProfile {
        Objects.requireNonNull(runs, "runs");
        if (!(meanMs > 0) || !Double.isFinite(meanMs)) {
            throw new IllegalArgumentException("latency mean must be a positive number of ms, got " + meanMs);
        }
        if (!(stdMs >= 0) || !Double.isFinite(stdMs)) {
            throw new IllegalArgumentException("latency std must be a non-negative number of ms, got " + stdMs);
        }
    }

    /** A profile of mean and deviation only, as the paper's. */
    public LatencyProfile(double meanMs, double stdMs) {
        this(meanMs, stdMs, TimeSpread.NONE);
    }

    /** This profile with the distribution of the model's recent runs. */
    public LatencyProfile withRuns(TimeSpread observed) {
        return new LatencyProfile(meanMs, stdMs, observed);
    }

    /** The variance, in ms squared. */
    public double variance() {
        return stdMs * stdMs;
    }

    /**
     * Whether a sample lies more than {@link #COLD_SIGMAS} deviations from the mean. A profile without spread yet
     * (std 0) calls nothing cold, or it could never learn its spread.
     */
    public boolean isCold(double sampleMs) {
        return stdMs > 0 && Math.abs(sampleMs - meanMs) > COLD_SIGMAS * stdMs;
    }

    /**
     * The profile after one more served request took {@code sampleMs}; unchanged for a cold sample. The runs seen
     * are not carried over: their keeper (a server's window) adds the sample itself.
     */
    public LatencyProfile observe(double sampleMs) {
        if (!(sampleMs > 0) || !Double.isFinite(sampleMs)) {
            throw new IllegalArgumentException("latency sample must be a positive number of ms, got " + sampleMs);
        }
        if (isCold(sampleMs)) {
            return this;
        }
        double delta = sampleMs - meanMs;
        double mean = ALPHA * sampleMs + (1 - ALPHA) * meanMs;
        double variance = (1 - ALPHA) * (variance() + ALPHA * delta * delta);
        return new LatencyProfile(mean, Math.sqrt(variance));
    }
}
