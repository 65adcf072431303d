package org.mdinference.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one policy achieved on one network at one SLA: a line of {@code results.csv}, plus how often each model
 * answered. Accuracies and rates are fractions in [0, 1].
 *
 * @param aggregateAccuracy mean accuracy of the answers used (the cloud model's, or the device model's)
 * @param slaAttainment     share of requests answered within the SLA
 * @param onDeviceReliance  share of requests answered by the device model
 * @param oracleAccuracy    the oracle's aggregate accuracy on the very same requests; NaN where no oracle can be
 *                          known, as in a run on real sockets
 * @param modelUsage        requests per cloud model chosen, by model name, in zoo order (device answers included)
 */
public record ResultRow(String network, String policy, double slaMs, int requests,
                        double aggregateAccuracy, double slaAttainment, double onDeviceReliance,
                        double meanLatencyMs, double p99LatencyMs, double oracleAccuracy,
                        Map<String, Integer> modelUsage) {

    public ResultRow {
        modelUsage = Collections.unmodifiableMap(new LinkedHashMap<>(modelUsage));
    }

    /** Whether the row knows the oracle's accuracy. */
    public boolean hasOracle() {
        return !Double.isNaN(oracleAccuracy);
    }

    /** This policy's accuracy as a fraction of the oracle's; NaN when the oracle's is 0 or unknown. */
    public double fractionOfOracle() {
        return oracleAccuracy > 0 ? aggregateAccuracy / oracleAccuracy : Double.NaN;
    }
}
