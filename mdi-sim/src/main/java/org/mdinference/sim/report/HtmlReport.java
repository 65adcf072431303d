package org.mdinference.sim.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.mdinference.sim.ResultRow;

/**
 * {@code report.html}: the page a person reads after a run. Per network, a summary table and charts of every
 * {@link Metric} against the SLA. The page is self-contained: styles inline, charts inline SVG, nothing fetched, so it
 * can be mailed or archived as one file.
 */
public final class HtmlReport {

    /** The name the simulator gives this file in its output directory. */
    public static final String FILE_NAME = "report.html";

    static {
        // JFreeChart measures text through AWT, which without a display only works headless
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;\
            color:#222;background:#fff;margin:0 auto;padding:24px;max-width:1180px;line-height:1.4}
            h1{font-size:1.6em;margin:0 0 12px}
            h2{font-size:1.3em;margin:36px 0 8px;padding-top:12px;border-top:2px solid #ddd}
            table{border-collapse:collapse;font-size:.92em}
            th,td{padding:4px 12px;text-align:left;border-bottom:1px solid #e4e4e4}
            th{background:#f5f5f5;font-weight:600}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            table.settings th{background:none;color:#555;font-weight:normal}
            table.settings td{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
            caption{caption-side:bottom;text-align:left;color:#666;font-size:.9em;padding-top:6px}
            nav{margin:16px 0}
            nav a{margin-right:14px}
            .swatch{display:inline-block;width:24px;margin-right:8px;vertical-align:middle}
            .charts{display:grid;grid-template-columns:repeat(2,minmax(0,560px));gap:12px 24px;margin-top:16px}
            @media (max-width:900px){.charts{grid-template-columns:minmax(0,560px)}}
            figure{margin:0}
            figcaption{font-weight:600;margin:0 0 2px 8px}
            svg{display:block;width:100%;height:auto}
            footer{margin-top:36px;color:#555;font-size:.9em}
            """;

    private static final String ACCURACY_NOTE = "<b>Aggregate accuracy</b>: mean accuracy of the answers the app "
            + "received, the cloud model's or, past the deadline, the device model's. ";
    /** Rows without an oracle were measured on real sockets, and their accuracy against true labels. */
    private static final String MEASURED_ACCURACY_NOTE = "<b>Accuracy</b>: share of the answers the app received, the "
            + "cloud model's or, past the deadline, the device model's, that were the image's true label. ";
    private static final String ORACLE_NOTE = "<b>Oracle</b> (dashed): knows every request's true network and "
            + "inference time, so it picks the best model that truly makes the deadline; the upper bound. ";
    private static final String OTHER_NOTES = "<b>On-device reliance</b>: share of requests answered by the device "
            + "model. Latencies are end to end, as the app sees them; the dotted line is the SLA itself.";

    private HtmlReport() {
    }

    /** Writes the report of {@code rows} to {@code file}, replacing it. */
    public static void write(Path file, ReportContext context, List<ResultRow> rows) throws IOException {
        Files.writeString(file, render(context, rows), StandardCharsets.UTF_8);
    }

    static String render(ReportContext context, List<ResultRow> rows) {
        Map<String, List<ResultRow>> byNetwork = new LinkedHashMap<>();
        rows.forEach(row -> byNetwork.computeIfAbsent(row.network(), n -> new ArrayList<>()).add(row));

        StringBuilder page = new StringBuilder(64 * 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(context.title())).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(Html.escape(context.title())).append("</h1>\n");
        settings(page, context);
        if (byNetwork.isEmpty()) {
            page.append("<p>This run produced no results.</p>\n");
        }
        if (byNetwork.size() > 1) {
            page.append("<nav>Networks:");
            int n = 0;
            for (String network : byNetwork.keySet()) {
                page.append(" <a href=\"#network-").append(++n).append("\">").append(Html.escape(network))
                        .append("</a>");
            }
            page.append("</nav>\n");
        }
        int n = 0;
        for (Map.Entry<String, List<ResultRow>> network : byNetwork.entrySet()) {
            section(page, ++n, network.getKey(), network.getValue());
        }
        boolean oracle = rows.stream().anyMatch(ResultRow::hasOracle);
        return page.append("<footer><p>").append(oracle ? ACCURACY_NOTE + ORACLE_NOTE : MEASURED_ACCURACY_NOTE)
                .append(OTHER_NOTES).append("</p></footer>\n</body>\n</html>\n").toString();
    }

    private static void settings(StringBuilder page, ReportContext context) {
        if (context.settings().isEmpty()) {
            return;
        }
        page.append("<table class=\"settings\">\n");
        context.settings().forEach((key, value) -> page.append("<tr><th>").append(Html.escape(key))
                .append("</th><td>").append(Html.escape(value)).append("</td></tr>\n"));
        page.append("</table>\n");
    }

    private static void section(StringBuilder page, int index, String network, List<ResultRow> rows) {
        page.append("<section id=\"network-").append(index).append("\">\n<h2>Network: ")
                .append(Html.escape(network)).append("</h2>\n");
        boolean oracle = rows.stream().anyMatch(ResultRow::hasOracle);
        summary(page, rows, oracle);
        page.append("<div class=\"charts\">\n");
        for (Metric metric : Metric.values()) {
            if (metric.needsOracle() && !oracle) {
                continue;
            }
            String id = "chart-" + index + "-" + metric.name().toLowerCase(Locale.ROOT).replace('_', '-');
            page.append("<figure><figcaption>").append(metric.title(oracle)).append("</figcaption>\n")
                    .append(SvgChart.render(SlaChart.of(metric, rows, oracle), id)).append("\n</figure>\n");
        }
        page.append("</div>\n</section>\n");
    }

    private static void summary(StringBuilder page, List<ResultRow> rows, boolean oracle) {
        SortedMap<String, List<ResultRow>> byPolicy = new TreeMap<>(PolicyStyle.ORDER);
        rows.forEach(row -> byPolicy.computeIfAbsent(row.policy(), p -> new ArrayList<>()).add(row));
        double minSla = rows.stream().mapToDouble(ResultRow::slaMs).min().orElseThrow();
        double maxSla = rows.stream().mapToDouble(ResultRow::slaMs).max().orElseThrow();
        long slas = rows.stream().mapToDouble(ResultRow::slaMs).distinct().count();

        page.append("<table class=\"summary\">\n<caption>Means and minimum over ").append(slas)
                .append(slas == 1 ? " SLA" : " SLAs").append(", ").append(Csv.sla(minSla));
        if (slas > 1) {
            page.append(" to ").append(Csv.sla(maxSla));
        }
        page.append(" ms.</caption>\n<tr><th>Policy</th><th class=\"num\">Mean accuracy</th>")
                .append(oracle ? "<th class=\"num\">Mean accuracy / oracle</th>" : "")
                .append("<th class=\"num\">Min SLA attainment</th>")
                .append("<th>Most used model</th></tr>\n");
        for (Map.Entry<String, List<ResultRow>> policy : byPolicy.entrySet()) {
            PolicySummary s = PolicySummary.of(policy.getKey(), policy.getValue());
            page.append("<tr><td>").append(swatch(s.policy())).append(Html.escape(s.policy())).append("</td>")
                    .append("<td class=\"num\">").append(percent(s.meanAccuracy())).append("</td>")
                    .append(oracle ? "<td class=\"num\">" + percent(s.meanFractionOfOracle()) + "</td>" : "")
                    .append("<td class=\"num\">").append(percent(s.minSlaAttainment())).append("</td>")
                    .append("<td>").append(s.mostUsedModel()
                            .map(m -> Html.escape(m) + " (" + percent(s.mostUsedShare()) + ")").orElse("&ndash;"))
                    .append("</td></tr>\n");
        }
        page.append("</table>\n");
    }

    /** A short line in the policy's colour and stroke, the legend the charts use, beside its name in the table. */
    private static String swatch(String policy) {
        Color c = PolicyStyle.color(policy);
        String style = policy.equals(PolicyStyle.ORACLE) ? "dashed" : "solid";
        return String.format(Locale.ROOT, "<span class=\"swatch\" style=\"border-top:3px %s #%06x\"></span>",
                style, c.getRGB() & 0xffffff);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "&ndash;" : String.format(Locale.ROOT, "%.1f&nbsp;%%", 100 * fraction);
    }
}
