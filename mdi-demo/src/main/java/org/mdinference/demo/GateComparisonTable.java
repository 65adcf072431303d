package org.mdinference.demo;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The gate's comparisons as the demo prints them, after its other tables: one line per network, SLA and policy. */
public final class GateComparisonTable {

    private GateComparisonTable() {
    }

    public static void print(PrintWriter out, List<GateComparison> comparisons) {
        if (comparisons.isEmpty()) {
            return;
        }
        int networkWidth = Math.max("network".length(),
                comparisons.stream().mapToInt(c -> c.network().length()).max().orElse(0));
        int policyWidth = Math.max("policy".length(),
                comparisons.stream().mapToInt(c -> c.policy().length()).max().orElse(0));
        String format = "%-" + networkWidth + "s %6s  %-" + policyWidth
                + "s %7s %9s %9s %7s %9s %9s %6s %9s %9s %7s %16s %8s%n";
        out.println();
        out.println("Gate on against gate off on the same images (cloud requests and bytes sent without and with the"
                + " gate, how many times fewer; accuracy, difference on - off in points, 95 % interval, McNemar's"
                + " exact p):");
        out.printf(Locale.ROOT, format, "network", "sla ms", "policy", "images", "reqs off", "reqs on", "fewer",
                "bytes off", "bytes on", "fewer", "acc off", "acc on", "on-off", "95 % interval", "p");
        for (GateComparison c : comparisons) {
            PairedAccuracy pairs = c.pairs();
            double[] interval = pairs.differenceInterval95();
            out.printf(Locale.ROOT, format, c.network(), c.sla(), c.policy(), pairs.images(), c.requestsOff(),
                    c.requestsOn(), times(c.requestsRatio()), c.bytesOff(), c.bytesOn(), times(c.bytesRatio()),
                    percent(pairs.accuracyB()), percent(pairs.accuracyA()), PairedTable.points(pairs.difference()),
                    "[" + PairedTable.points(interval[0]) + ", " + PairedTable.points(interval[1]) + "]",
                    PairedTable.p(pairs.mcNemarP()));
        }
    }

    static String times(double ratio) {
        return Double.isInfinite(ratio) ? "all" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }
}
