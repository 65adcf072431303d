package org.mdinference.demo;

import static org.mdinference.demo.TableCells.num;
import static org.mdinference.demo.TableCells.text;

import java.util.List;
import java.util.Locale;

/** The gate's comparisons as a section of the demo's {@code report.html}, in the report's own table style. */
final class GateSection {

    private GateSection() {
    }

    static String html(List<GateComparison> comparisons, double gateMaxLoss) {
        if (comparisons.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<section id=\"gate\">\n<h2>Gate on against gate off</h2>\n<p>Every"
                + " cell ran twice on the same images, in the same order on the same devices and the same stretch of"
                + " its trace: without the device's confidence gate and with it (the device answers alone, sending"
                + " nothing, when its model's top softmax probability is above the threshold calibrated for ")
                .append(String.format(Locale.ROOT, "%.2f", 100 * gateMaxLoss))
                .append(" points of accuracy allowed to be lost). The images are test images the thresholds were not"
                        + " fit on. Requests are the inference calls the devices' SDKs started, bytes what their"
                        + " links carried upstream; <i>fewer</i> is off over on. The difference is the accuracy with"
                        + " the gate minus without it, in points, with its 95&nbsp;% interval (Wald with Agresti and"
                        + " Min's adjustment); p is McNemar's exact two-sided test on the images only one arm got"
                        + " right. Rows <i>all</i> pool cells.</p>\n<table class=\"paired\">\n<tr><th>Network</th>"
                        + "<th class=\"num\">SLA ms</th><th>Policy</th><th class=\"num\">Images</th>"
                        + "<th class=\"num\">Requests off</th><th class=\"num\">Requests on</th>"
                        + "<th class=\"num\">Fewer</th><th class=\"num\">Bytes off</th><th class=\"num\">Bytes on</th>"
                        + "<th class=\"num\">Fewer</th><th class=\"num\">Accuracy off</th>"
                        + "<th class=\"num\">Accuracy on</th><th class=\"num\">On &minus; off</th>"
                        + "<th class=\"num\">95&nbsp;% interval</th><th class=\"num\">p</th></tr>\n");
        for (GateComparison c : comparisons) {
            PairedAccuracy pairs = c.pairs();
            double[] interval = pairs.differenceInterval95();
            html.append("<tr>").append(text(c.network())).append(num(c.sla()))
                    .append(text(c.policy()))
                    .append(num(Integer.toString(pairs.images())))
                    .append(num(Long.toString(c.requestsOff()))).append(num(Long.toString(c.requestsOn())))
                    .append(num(GateComparisonTable.times(c.requestsRatio())))
                    .append(num(Long.toString(c.bytesOff()))).append(num(Long.toString(c.bytesOn())))
                    .append(num(GateComparisonTable.times(c.bytesRatio())))
                    .append(num(GateComparisonTable.percent(pairs.accuracyB())))
                    .append(num(GateComparisonTable.percent(pairs.accuracyA())))
                    .append(num(PairedTable.points(pairs.difference())))
                    .append(num("[" + PairedTable.points(interval[0]) + ", " + PairedTable.points(interval[1]) + "]"))
                    .append(num(PairedTable.p(pairs.mcNemarP()))).append("</tr>\n");
        }
        return html.append("</table>\n</section>\n").toString();
    }
}
