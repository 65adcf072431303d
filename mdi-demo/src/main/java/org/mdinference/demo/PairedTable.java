package org.mdinference.demo;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The paired comparisons as the demo prints them, after its table: one line per network, SLA and arm. */
public final class PairedTable {

    private PairedTable() {
    }

    public static void print(PrintWriter out, List<PairedComparison> comparisons) {
        if (comparisons.isEmpty()) {
            return;
        }
        String baseline = comparisons.get(0).baseline();
        int networkWidth = Math.max("network".length(),
                comparisons.stream().mapToInt(c -> c.network().length()).max().orElse(0));
        int armWidth = Math.max("policy".length(), comparisons.stream().mapToInt(c -> c.arm().length()).max()
                .orElse(0));
        String format = "%-" + networkWidth + "s %6s  %-" + armWidth + "s %7s %10s %7s %7s %10s %8s %18s %10s%n";
        out.println();
        boolean gated = comparisons.stream().anyMatch(c -> c.arm().endsWith(DemoRow.GATED_SUFFIX));
        out.println("Paired against " + baseline + " on the same images (A: the policy, B: " + baseline
                + (gated ? ", with the gate where A has it" : "")
                + "; difference A - B in points, 95 % interval, McNemar's exact p):");
        out.printf(Locale.ROOT, format, "network", "sla ms", "policy", "images", "both right", "only A", "only B",
                "both wrong", "A - B", "95 % interval", "p");
        for (PairedComparison c : comparisons) {
            PairedAccuracy pairs = c.pairs();
            double[] interval = pairs.differenceInterval95();
            out.printf(Locale.ROOT, format, c.network(), c.sla(), c.arm(), pairs.images(), pairs.bothRight(),
                    pairs.onlyA(), pairs.onlyB(), pairs.bothWrong(), points(pairs.difference()),
                    "[" + points(interval[0]) + ", " + points(interval[1]) + "]", p(pairs.mcNemarP()));
        }
    }

    static String points(double fraction) {
        return String.format(Locale.ROOT, "%+.2f", 100 * fraction);
    }

    static String p(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }
}
