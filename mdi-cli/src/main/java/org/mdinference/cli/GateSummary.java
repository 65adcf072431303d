package org.mdinference.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.mdinference.sim.GateRow;

/** {@code mdi simulate --gate}'s lines: per network and policy, without and with the gate, means over the SLAs. */
final class GateSummary {

    private GateSummary() {
    }

    static void print(PrintWriter out, List<GateRow> rows, double requestKb) {
        Map<String, Map<String, List<GateRow>>> byNetwork = rows.stream().collect(Collectors.groupingBy(
                r -> r.row().network(), LinkedHashMap::new,
                Collectors.groupingBy(r -> r.row().policy(), LinkedHashMap::new, Collectors.toList())));
        byNetwork.forEach((network, byPolicy) -> {
            out.printf("%n%s, without and with the gate, means over the SLA points:%n", network);
            out.printf("  %-18s %9s %9s %8s %10s %10s %8s %10s %10s%n", "policy", "acc. off", "acc. on", "diff",
                    "cloud off", "cloud on", "ratio", "KB off", "KB on");
            byPolicy.forEach((policy, points) -> {
                List<GateRow> off = points.stream().filter(r -> !r.gate()).toList();
                List<GateRow> on = points.stream().filter(GateRow::gate).toList();
                double accuracyOff = mean(off, r -> r.row().aggregateAccuracy());
                double accuracyOn = mean(on, r -> r.row().aggregateAccuracy());
                double cloudOff = mean(off, GateRow::cloudRequests);
                double cloudOn = mean(on, GateRow::cloudRequests);
                out.printf("  %-18s %8.2f%% %8.2f%% %+8.2f %10.0f %10.0f %7.2fx %10.0f %10.0f%n", policy,
                        100 * accuracyOff, 100 * accuracyOn, 100 * (accuracyOn - accuracyOff), cloudOff, cloudOn,
                        cloudOn > 0 ? cloudOff / cloudOn : Double.POSITIVE_INFINITY, cloudOff * requestKb,
                        cloudOn * requestKb);
            });
        });
    }

    private static double mean(List<GateRow> rows, ToDoubleFunction<GateRow> metric) {
        return rows.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }
}
