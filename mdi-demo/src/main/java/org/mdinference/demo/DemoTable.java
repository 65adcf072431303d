package org.mdinference.demo;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.mdinference.sim.report.Csv;

/**
 * The demo's rows as the table it prints: one line per network, policy and SLA; with the gate, one per arm too, and
 * the cloud requests each made.
 */
public final class DemoTable {

    private DemoTable() {
    }

    public static void print(PrintWriter out, List<DemoRow> rows) {
        boolean gated = rows.stream().anyMatch(DemoRow::gate);
        int networkWidth = Math.max("network".length(),
                rows.stream().mapToInt(row -> row.network().length()).max().orElse(0));
        int policyWidth = Math.max("static-accuracy".length(),
                rows.stream().mapToInt(row -> row.policy().length()).max().orElse(0));
        String format = "%-" + networkWidth + "s  %-" + policyWidth + "s " + (gated ? "%4s " : "%s")
                + "%6s %9s %11s %10s %8s %8s %10s" + (gated ? " %10s" : "%s") + "%n";
        out.println();
        out.printf(Locale.ROOT, format, "network", "policy", gated ? "gate" : "", "sla ms", "accuracy", "within SLA",
                "on device", "p50 ms", "p99 ms", "bytes sent", gated ? "cloud reqs" : "");
        for (DemoRow row : rows) {
            out.printf(Locale.ROOT, format, row.network(), row.policy(), gated ? row.gateName() : "",
                    Csv.sla(row.slaMs()), percent(row.accuracy()), percent(row.slaAttainment()),
                    percent(row.onDeviceReliance()), String.format(Locale.ROOT, "%.1f", row.p50LatencyMs()),
                    String.format(Locale.ROOT, "%.1f", row.p99LatencyMs()), Long.toString(row.bytesSent()),
                    gated ? Long.toString(row.cloudRequests()) : "");
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }
}
