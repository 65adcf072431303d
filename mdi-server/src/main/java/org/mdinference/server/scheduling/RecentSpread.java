package org.mdinference.server.scheduling;

import org.mdinference.core.LatencyProfile;

/**
 * The relative spread (standard deviation over mean) of one model's last {@link #WINDOW} batch times, each as its
 * batch-of-one equivalent.
 *
 * <p>The live profile's EWMA (the paper's update) forgets a slow batch after two calm ones, so its deviation
 * shrinks exactly while the machine is calm between bursts of contention; the queue-wait margin needs the spread
 * the model really shows, spikes included, so it keeps a window instead.
 *
 * <p>The window starts full, as if the start-up profile's batches had run (alternately above and below its mean,
 * with its deviation): the first slow batch then weighs one in {@link #WINDOW}, as it does later, not one in two.
 * The spread is computed when a sample comes in, since it is read by every decision and written once per batch.
 * Not thread-safe: its owner serialises the calls.
 */
final class RecentSpread {

    static final int WINDOW = 64;

    private final LatencyProfile prior;
    private final double[] samples = new double[WINDOW];
    private int next;
    private double relative;

    RecentSpread(LatencyProfile prior) {
        this.prior = prior;
        reset();
    }

    /** Back to the window the start-up profile describes. */
    void reset() {
        double offset = prior.stdMs() * Math.sqrt((WINDOW - 1) / (double) WINDOW);
        for (int i = 0; i < WINDOW; i++) {
            samples[i] = prior.meanMs() + (i % 2 == 0 ? offset : -offset);
        }
        next = 0;
        relative = spread();
    }

    void add(double ms) {
        samples[next] = ms;
        next = (next + 1) % WINDOW;
        relative = spread();
    }

    double relative() {
        return relative;
    }

    private double spread() {
        double sum = 0;
        for (double sample : samples) {
            sum += sample;
        }
        double mean = sum / WINDOW;
        double squares = 0;
        for (double sample : samples) {
            squares += (sample - mean) * (sample - mean);
        }
        return Math.sqrt(squares / (WINDOW - 1)) / mean;
    }
}
