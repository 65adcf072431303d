package org.mdinference.server.scheduling;

/**
 * The relative spread (standard deviation over mean) of one model's last {@link #WINDOW} batch times, each as its
 * batch-of-one equivalent.
 *
 * <p>The live profile's EWMA (the paper's update) forgets a slow batch after two calm ones, so its deviation
 * shrinks exactly while the machine is calm between bursts of contention; the queue-wait margin needs the spread
 * the model really shows, spikes included, so it keeps a window instead.
 */
final class RecentSpread {

    static final int WINDOW = 64;

    private final double[] samples = new double[WINDOW];
    private int count;
    private int next;

    synchronized void add(double ms) {
        samples[next] = ms;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
    }

    /** 0 until two batches have run. */
    synchronized double relative() {
        if (count < 2) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += samples[i];
        }
        double mean = sum / count;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            squares += (samples[i] - mean) * (samples[i] - mean);
        }
        return Math.sqrt(squares / (count - 1)) / mean;
    }
}
