package org.mdinference.demo;

import static org.mdinference.demo.TableCells.num;
import static org.mdinference.demo.TableCells.text;

import java.util.List;
import org.mdinference.sim.report.Html;

/** The paired comparisons as a section of the demo's {@code report.html}, in the report's own table style. */
final class PairedSection {

    private PairedSection() {
    }

    static String html(List<PairedComparison> comparisons) {
        if (comparisons.isEmpty()) {
            return "";
        }
        String baseline = Html.escape(comparisons.get(0).baseline());
        boolean gated = comparisons.stream().anyMatch(c -> c.arm().endsWith(DemoRow.GATED_SUFFIX));
        StringBuilder html = new StringBuilder("<section id=\"paired\">\n<h2>Paired against ").append(baseline)
                .append("</h2>\n<p>Every policy classified the same images, in the same order on the same devices, so"
                        + " each is compared with ").append(baseline).append(" image by image: A is the policy, B ")
                .append(baseline).append(". The difference is A's accuracy minus B's, in points, with its 95&nbsp;%"
                        + " interval (Wald with Agresti and Min's adjustment); p is McNemar's exact two-sided test"
                        + " on the images only one of the two got right. Rows <i>all</i> pool every network and"
                        + " SLA.").append(gated ? " An arm marked " + DemoRow.GATED_SUFFIX + " ran with the device's"
                        + " confidence gate, and is compared with the baseline gated too." : "")
                .append("</p>\n<table class=\"paired\">\n<tr><th>Network</th><th class=\"num\">SLA ms</th>"
                        + "<th>Policy</th><th class=\"num\">Images</th><th class=\"num\">Both right</th>"
                        + "<th class=\"num\">Only A</th><th class=\"num\">Only B</th><th class=\"num\">Both wrong</th>"
                        + "<th class=\"num\">A &minus; B</th><th class=\"num\">95&nbsp;% interval</th>"
                        + "<th class=\"num\">p</th></tr>\n");
        for (PairedComparison c : comparisons) {
            PairedAccuracy pairs = c.pairs();
            double[] interval = pairs.differenceInterval95();
            html.append("<tr>").append(text(c.network()))
                    .append(num(c.sla())).append(text(c.arm()))
                    .append(num(Integer.toString(pairs.images()))).append(num(Integer.toString(pairs.bothRight())))
                    .append(num(Integer.toString(pairs.onlyA()))).append(num(Integer.toString(pairs.onlyB())))
                    .append(num(Integer.toString(pairs.bothWrong())))
                    .append(num(PairedTable.points(pairs.difference())))
                    .append(num("[" + PairedTable.points(interval[0]) + ", " + PairedTable.points(interval[1]) + "]"))
                    .append(num(PairedTable.p(pairs.mcNemarP()))).append("</tr>\n");
        }
        return html.append("</table>\n</section>\n").toString();
    }
}
