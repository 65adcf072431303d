package org.mdinference.demo;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.mdinference.sim.report.Csv;

/** The demo's rows as the table it prints: one line per network, policy and SLA. */
public final class DemoTable {

    private DemoTable() {
    }

    public static void print(PrintWriter out, List<DemoRow> rows) {
        int networkWidth = Math.max("network".length(),
                rows.stream().mapToInt(row -> row.network().length()).max().orElse(0));
        int policyWidth = Math.max("static-accuracy".length(),
                rows.stream().mapToInt(row -> row.policy().length()).max().orElse(0));
        String format = "%-" + networkWidth + "s  %-" + policyWidth + "s %6s %9s %11s %10s %8s %8s %10s%n";
        out.println();
        out.printf(Locale.ROOT, format, "network", "policy", "sla ms", "accuracy", "within SLA", "on device", "p50 ms",
                "p99 ms", "bytes sent");
        for (DemoRow row : rows) {
            out.printf(Locale.ROOT, format, row.network(), row.policy(), Csv.sla(row.slaMs()), percent(row.accuracy()),
                    percent(row.slaAttainment()), percent(row.onDeviceReliance()),
                    String.format(Locale.ROOT, "%.1f", row.p50LatencyMs()),
                    String.format(Locale.ROOT, "%.1f", row.p99LatencyMs()), Long.toString(row.bytesSent()));
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }
}
