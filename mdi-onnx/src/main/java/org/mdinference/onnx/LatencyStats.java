package org.mdinference.onnx;

import java.util.Arrays;
import org.mdinference.core.LatencyProfile;

/** A latency distribution in milliseconds: mean, sample standard deviation, median and 99th percentile. */
public record LatencyStats(double meanMs, double stdMs, double p50Ms, double p99Ms) {

    public LatencyStats {
        if (!(meanMs > 0) || !(stdMs >= 0) || !(p50Ms > 0) || !(p99Ms >= p50Ms)) {
            throw new IllegalArgumentException("latency needs mean > 0, std >= 0 and 0 < p50 <= p99, got mean "
                    + meanMs + ", std " + stdMs + ", p50 " + p50Ms + ", p99 " + p99Ms);
        }
    }

    /** The statistics of timed samples; percentiles interpolate linearly between ranks, as numpy's default does. */
    public static LatencyStats of(double[] samplesMs) {
        if (samplesMs.length == 0) {
            throw new IllegalArgumentException("latency statistics need at least one sample");
        }
        double[] sorted = samplesMs.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElseThrow();
        double squares = Arrays.stream(sorted).map(s -> (s - mean) * (s - mean)).sum();
        double std = sorted.length == 1 ? 0 : Math.sqrt(squares / (sorted.length - 1));
        return new LatencyStats(mean, std, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    /** The profile a selection policy works with: mean and std. */
    public LatencyProfile toProfile() {
        return new LatencyProfile(meanMs, stdMs);
    }

    private static double percentile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
