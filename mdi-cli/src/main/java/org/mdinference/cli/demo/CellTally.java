package org.mdinference.cli.demo;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the records of one cell (network, policy, SLA) into its {@link DemoRow}. */
final class CellTally {

    static final String DEVICE = "device";

    private CellTally() {
    }

    static DemoRow of(String network, String policy, double slaMs, List<RequestRecord> records, long bytesSent) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a cell without requests has nothing to report");
        }
        int n = records.size();
        double[] latencies = records.stream().mapToDouble(RequestRecord::latencyMs).sorted().toArray();
        Map<String, Integer> usage = new TreeMap<>();
        BitSet correct = new BitSet();
        for (RequestRecord record : records) {
            usage.merge(record.onDevice() ? DEVICE : record.cloudModel().orElse(DEVICE), 1, Integer::sum);
            correct.set(record.image(), record.correct());
        }
        return new DemoRow(network, policy, slaMs, n,
                share(records.stream().filter(RequestRecord::correct).count(), n),
                share(Arrays.stream(latencies).filter(ms -> ms <= slaMs + DemoSettings.GRACE_MS).count(), n),
                share(records.stream().filter(RequestRecord::onDevice).count(), n),
                percentile(latencies, 0.50), percentile(latencies, 0.99), Arrays.stream(latencies).average().orElse(0),
                bytesSent, usage, correct);
    }

    private static double share(long count, int of) {
        return (double) count / of;
    }

    /** The nearest-rank percentile of sorted values: a latency some request really had. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
