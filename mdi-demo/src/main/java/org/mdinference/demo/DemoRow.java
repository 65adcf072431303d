package org.mdinference.demo;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.mdinference.sim.ResultRow;

/**
 * What one policy achieved on one emulated network at one SLA, as the devices measured it: a line of the demo's
 * {@code results.csv}. Fractions are in [0, 1].
 *
 * @param gate             whether the devices ran with the confidence gate on
 * @param accuracy         share of answers equal to the image's true label
 * @param slaAttainment    share of requests answered within the SLA (plus {@link DemoSettings#GRACE_MS})
 * @param onDeviceReliance share of requests the device's own model answered
 * @param bytesSent        bytes the devices' proxies carried upstream during the cell, HTTP and payload alike
 * @param cloudRequests    inference calls the devices' SDKs started during the cell: {@code requests} without the
 *                         gate (but for a call skipped because the link left no time), fewer with it
 * @param modelUsage       answers per zoo member, and {@code device} for the device's own
 * @param correct          per image of the demo (by index), whether its answer was right: every policy of a network
 *                         sees the same images, so two rows compare image by image
 * @param records          every request of the cell, as the devices measured it ({@code requests} of them), or none
 *                         where a row is made by hand
 */
public record DemoRow(String network, String policy, boolean gate, double slaMs, int requests, double accuracy,
                      double slaAttainment, double onDeviceReliance, double p50LatencyMs, double p99LatencyMs,
                      double meanLatencyMs, long bytesSent, long cloudRequests, Map<String, Integer> modelUsage,
                      BitSet correct, List<RequestRecord> records) {

    /** What a gated row's {@link #arm()} adds to its policy. */
    public static final String GATED_SUFFIX = "+gate";

    public DemoRow {
        modelUsage = Map.copyOf(modelUsage);
        correct = (BitSet) correct.clone();
        records = List.copyOf(records);
        if (!records.isEmpty() && records.size() != requests) {
            throw new IllegalArgumentException(records.size() + " records for " + requests + " requests");
        }
    }

    /**
     * What the row ran as, for tables, charts and comparisons: its policy, with {@value #GATED_SUFFIX} when the gate
     * was on.
     */
    public String arm() {
        return gate ? policy + GATED_SUFFIX : policy;
    }

    /** Whether the gate is {@code on} or {@code off}, as results.csv writes it. */
    public String gateName() {
        return gate ? "on" : "off";
    }

    @Override
    public BitSet correct() {
        return (BitSet) correct.clone();
    }

    /**
     * This row (arm A) against {@code other} (arm B), image by image: both rows' cells classified the same images.
     *
     * @throws IllegalArgumentException if the two rows did not measure the same number of images
     */
    public PairedAccuracy pairedWith(DemoRow other) {
        if (requests != other.requests) {
            throw new IllegalArgumentException("only cells of the same images pair: " + requests + " requests in "
                    + arm() + "'s cell, " + other.requests + " in " + other.arm() + "'s");
        }
        return PairedAccuracy.of(correct, other.correct, requests);
    }

    /**
     * Whether this row's accuracy falls short of {@code other}'s by more than chance explains: McNemar's exact test
     * on the images exactly one of the two got right, two-sided at 5 %. Accuracies on a few hundred images differ by
     * a point or two by chance alone.
     */
    public boolean clearlyLessAccurateThan(DemoRow other) {
        PairedAccuracy pairs = pairedWith(other);
        return pairs.onlyB() > pairs.onlyA() && pairs.mcNemarP() < 0.05;
    }

    /**
     * The row in the simulator's terms, for its HTML report. No oracle can be known of real sockets, so the oracle
     * accuracy is NaN and the report leaves the oracle out.
     */
    ResultRow toResultRow() {
        return new ResultRow(network, arm(), slaMs, requests, accuracy, slaAttainment, onDeviceReliance,
                meanLatencyMs, p99LatencyMs, Double.NaN, modelUsage);
    }
}
