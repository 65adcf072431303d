package org.mdinference.demo;

import java.util.BitSet;
import java.util.Map;
import org.mdinference.sim.ResultRow;

/**
 * What one policy achieved on one emulated network at one SLA, as the devices measured it: a line of the demo's
 * {@code results.csv}. Fractions are in [0, 1].
 *
 * @param accuracy         share of answers equal to the image's true label
 * @param slaAttainment    share of requests answered within the SLA (plus {@link DemoSettings#GRACE_MS})
 * @param onDeviceReliance share of requests the device's own model answered
 * @param bytesSent        bytes the devices' proxies carried upstream during the cell, HTTP and payload alike
 * @param modelUsage       answers per zoo member, and {@code device} for the device's own
 * @param correct          per image of the demo (by index), whether its answer was right: every policy of a network
 *                         sees the same images, so two rows compare image by image
 */
public record DemoRow(String network, String policy, double slaMs, int requests, double accuracy,
                      double slaAttainment, double onDeviceReliance, double p50LatencyMs, double p99LatencyMs,
                      double meanLatencyMs, long bytesSent, Map<String, Integer> modelUsage, BitSet correct) {

    public DemoRow {
        modelUsage = Map.copyOf(modelUsage);
        correct = (BitSet) correct.clone();
    }

    @Override
    public BitSet correct() {
        return (BitSet) correct.clone();
    }

    /**
     * Whether this row's accuracy falls short of {@code other}'s by more than chance explains: of the images exactly
     * one of the two got right (the discordant pairs, b for this row and c for the other), the other's lead c - b
     * exceeds two standard deviations of what a fair coin would give, {@code 2 sqrt(b + c)} (McNemar's test, about
     * 5 % one-sided). Accuracies on a few hundred images differ by a point or two by chance alone.
     */
    public boolean clearlyLessAccurateThan(DemoRow other) {
        BitSet onlyThis = correct();
        onlyThis.andNot(other.correct);
        BitSet onlyOther = other.correct();
        onlyOther.andNot(correct);
        int b = onlyThis.cardinality();
        int c = onlyOther.cardinality();
        return c - b > 2 * Math.sqrt(b + c);
    }

    /**
     * The row in the simulator's terms, for its HTML report. No oracle can be known of real sockets, so the oracle
     * accuracy is NaN and the report leaves the oracle out.
     */
    ResultRow toResultRow() {
        return new ResultRow(network, policy, slaMs, requests, accuracy, slaAttainment, onDeviceReliance,
                meanLatencyMs, p99LatencyMs, Double.NaN, modelUsage);
    }
}
