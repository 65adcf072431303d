package org.mdinference.cli.demo;

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
 */
public record DemoRow(String network, String policy, double slaMs, int requests, double accuracy,
                      double slaAttainment, double onDeviceReliance, double p50LatencyMs, double p99LatencyMs,
                      double meanLatencyMs, long bytesSent, Map<String, Integer> modelUsage) {

    public DemoRow {
        modelUsage = Map.copyOf(modelUsage);
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
