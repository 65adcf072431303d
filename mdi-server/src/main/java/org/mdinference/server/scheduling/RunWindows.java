package org.mdinference.server.scheduling;

import java.util.HashMap;
import java.util.Map;
import org.mdinference.core.TimeSpread;

/**
 * One model's recent runs, by batch size: the last {@link #WINDOW} batches of each size, each its whole time, kept
 * for the decisions as {@link #POINTS} quantiles ({@link TimeSpread#summarising}) once {@link #MIN_RUNS} were seen.
 * A size with fewer describes nothing yet: the decision then scales the batch-of-one runs, or keeps to the normal
 * profile (core's {@code ZooBatching}).
 *
 * <p>The quantiles are computed again every {@link #EVERY} runs of a size, not after each: sorting a window costs
 * microseconds, which a batch of a small model does not have to spare, while a window moves little in a few runs.
 * Not thread-safe: its owner serialises the calls.
 */
final class RunWindows {

    /** Runs kept per batch size: a few seconds of a busy member, enough for a tail of one run in a hundred. */
    static final int WINDOW = 256;
    /** Quantiles a decision weighs: what a device's return trips are kept as, too. */
    static final int POINTS = 32;
    /** Runs of a size before they describe it: one per quantile. */
    static final int MIN_RUNS = POINTS;
    /** Runs between two summaries of a size. */
    static final int EVERY = 8;

    private final Map<Integer, Window> bySize = new HashMap<>();

    void add(int items, double batchMs) {
        bySize.computeIfAbsent(items, size -> new Window()).add(batchMs);
    }

    /** The runs of batches of {@code items} items; {@link TimeSpread#NONE} before {@link #MIN_RUNS} were seen. */
    TimeSpread runs(int items) {
        Window window = bySize.get(items);
        return window == null ? TimeSpread.NONE : window.summary;
    }

    void reset() {
        bySize.clear();
    }

    private static final class Window {

        private final double[] runs = new double[WINDOW];
        private int seen;
        private TimeSpread summary = TimeSpread.NONE;

        void add(double ms) {
            runs[seen % WINDOW] = ms;
            seen++;
            if (seen >= MIN_RUNS && (seen - MIN_RUNS) % EVERY == 0) {
                double[] kept = new double[Math.min(seen, WINDOW)];
                System.arraycopy(runs, 0, kept, 0, kept.length);
                summary = TimeSpread.summarising(kept, POINTS);
            }
        }
    }
}
