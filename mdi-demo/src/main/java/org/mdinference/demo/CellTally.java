package org.mdinference.demo;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mdinference.sim.Percentile;

/** Turns the records of one cell (network, policy, SLA) into its {@link DemoRow}. */
final class CellTally {

    static final String DEVICE = "device";

    private CellTally() {
    }

    static DemoRow of(String network, String policy, boolean gate, double slaMs, List<RequestRecord> records,
                      long bytesSent, long cloudRequests) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a cell without requests has nothing to report");
        }
        int n = records.size();
        double[] latencies = records.stream().mapToDouble(RequestRecord::latencyMs).sorted().toArray();
        Map<String, Integer> usage = new TreeMap<>();
        BitSet correct = new BitSet();
        for (RequestRecord record : records) {
            usage.merge(record.cloudModel().orElse(DEVICE), 1, Integer::sum);
            correct.set(record.image(), record.correct());
        }
        return new DemoRow(network, policy, gate, slaMs, n,
                share(correct.cardinality(), n),
                share(Arrays.stream(latencies).filter(ms -> ms <= slaMs + DemoSettings.GRACE_MS).count(), n),
                share(records.stream().filter(RequestRecord::onDevice).count(), n),
                Percentile.of(latencies, 0.50), Percentile.of(latencies, 0.99),
                Arrays.stream(latencies).average().orElse(0), bytesSent, cloudRequests, usage, correct, records);
    }

    private static double share(long count, int of) {
        return (double) count / of;
    }
}
