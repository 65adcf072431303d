package org.mdinference.core;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What a batch of n items of one model costs, in mean milliseconds, from the batch sizes the profile measured:
 * linear between two measured sizes, and beyond the largest at that size's cost per item. The zoo's decision sees
 * a request of n items at its batch-of-n cost ({@link ZooBatching}); a server also sizes its batches and estimates
 * its queues' waits from it. Immutable.
 */
public final class BatchCosts {

    private final NavigableMap<Integer, Double> meanMsByBatch;

    /** @param meanMsByBatch mean batch latency by batch size; must hold batch size 1 */
    public BatchCosts(Map<Integer, Double> meanMsByBatch) {
        this.meanMsByBatch = new TreeMap<>(meanMsByBatch);
        if (!this.meanMsByBatch.containsKey(1)) {
            throw new IllegalArgumentException("batch costs need the cost of a batch of 1, got sizes "
                    + this.meanMsByBatch.keySet());
        }
        this.meanMsByBatch.forEach((batch, ms) -> {
            if (batch < 1 || !(ms > 0) || !Double.isFinite(ms)) {
                throw new IllegalArgumentException("batch " + batch + " must cost a positive number of ms, got " + ms);
            }
        });
    }

    /** A model measured at batch size 1 only: every item costs the same. */
    public static BatchCosts linear(double singleMs) {
        return new BatchCosts(Collections.singletonMap(1, singleMs));
    }

    /** Mean ms of a batch of n items; 0 for none. */
    public double ms(int n) {
        if (n <= 0) {
            return 0;
        }
        Map.Entry<Integer, Double> below = meanMsByBatch.floorEntry(n);
        if (below.getKey() == n) {
            return below.getValue();
        }
        Map.Entry<Integer, Double> above = meanMsByBatch.ceilingEntry(n);
        if (above == null) {
            return below.getValue() * n / below.getKey();
        }
        double t = (double) (n - below.getKey()) / (above.getKey() - below.getKey());
        return below.getValue() + t * (above.getValue() - below.getValue());
    }

    /**
     * The largest batch of at most {@code maxBatch} items expected to run within {@code limitMs}, growing from 1
     * while each size fits; 1 when even a single item takes longer (a lone request always runs).
     */
    public int largestWithin(int maxBatch, double limitMs) {
        int largest = 1;
        while (largest < maxBatch && ms(largest + 1) <= limitMs) {
            largest++;
        }
        return largest;
    }

    /** Mean ms of a batch of one. */
    public double singleMs() {
        return meanMsByBatch.get(1);
    }
}
