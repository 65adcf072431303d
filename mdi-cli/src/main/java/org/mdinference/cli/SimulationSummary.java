package org.mdinference.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.mdinference.sim.ResultRow;

/** The sweep in a few lines per network: each policy averaged over the SLA points. */
final class SimulationSummary {

    private SimulationSummary() {
    }

    static void print(PrintWriter out, List<ResultRow> rows) {
        Map<String, Map<String, List<ResultRow>>> byNetwork = rows.stream().collect(Collectors.groupingBy(
                ResultRow::network, LinkedHashMap::new,
                Collectors.groupingBy(ResultRow::policy, LinkedHashMap::new, Collectors.toList())));
        byNetwork.forEach((network, byPolicy) -> {
            List<ResultRow> any = byPolicy.values().iterator().next();
            out.printf("%n%s, SLA %s..%s ms (%d points), means over the points:%n", network,
                    ms(any.get(0).slaMs()), ms(any.get(any.size() - 1).slaMs()), any.size());
            out.printf("  %-16s %9s %10s %9s %10s %9s %9s%n",
                    "policy", "accuracy", "of oracle", "in SLA", "on device", "mean ms", "p99 ms");
            byPolicy.forEach((policy, points) -> out.printf("  %-16s %8.2f%% %9.1f%% %8.2f%% %9.1f%% %9.1f %9.1f%n",
                    policy,
                    100 * mean(points, ResultRow::aggregateAccuracy),
                    100 * mean(points, ResultRow::fractionOfOracle),
                    100 * mean(points, ResultRow::slaAttainment),
                    100 * mean(points, ResultRow::onDeviceReliance),
                    mean(points, ResultRow::meanLatencyMs),
                    mean(points, ResultRow::p99LatencyMs)));
        });
    }

    private static double mean(List<ResultRow> rows, java.util.function.ToDoubleFunction<ResultRow> metric) {
        return rows.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }

    private static String ms(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
