package org.mdinference.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.sim.ResultRow;

class HtmlReportTest {

    private static final List<String> NETWORKS = List.of("3G", "home <script>alert(1)</script> wifi", "5G");
    private static final ReportContext CONTEXT = ReportContext.of("Sweep <1>")
            .with("command", "mdi simulate --zoo paper-gpu --seed 7")
            .with("seed", "7");

    @TempDir
    Path dir;

    private String writeAndRead(List<ResultRow> rows) throws IOException {
        Path file = dir.resolve(HtmlReport.FILE_NAME);
        HtmlReport.write(file, CONTEXT, rows);
        return Files.readString(file);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void drawsEveryMetricOfEveryNetwork() throws IOException {
        String html = writeAndRead(SyntheticRows.sweep(NETWORKS, 8));

        assertThat(count(html, "<svg")).isEqualTo(NETWORKS.size() * Metric.values().length);
        assertThat(count(html, "<table class=\"summary\">")).isEqualTo(NETWORKS.size());
    }

    @Test
    void rowsWithoutAnOracleGetNoOracleLineColumnOrChart() throws IOException {
        List<ResultRow> measured = SyntheticRows.sweep(NETWORKS, 8).stream()
                .filter(row -> !row.policy().equals("oracle"))
                .map(row -> new ResultRow(row.network(), row.policy(), row.slaMs(), row.requests(),
                        row.aggregateAccuracy(), row.slaAttainment(), row.onDeviceReliance(), row.meanLatencyMs(),
                        row.p99LatencyMs(), Double.NaN, row.modelUsage()))
                .toList();
        String html = writeAndRead(measured);

        assertThat(count(html, "<svg")).isEqualTo(NETWORKS.size() * (Metric.values().length - 1));
        assertThat(html).doesNotContain("oracle", "Oracle", "NaN", "Aggregate accuracy");
        assertThat(html).contains("that were the image's true label");
    }

    @Test
    void fetchesNothing() throws IOException {
        String html = writeAndRead(SyntheticRows.sweep(NETWORKS, 8));

        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:|//)");
        assertThat(html).doesNotContain("<script", "<link", "<img", "@import", "url(http");
    }

    @Test
    void namesEveryNetworkAndPolicy() throws IOException {
        String html = writeAndRead(SyntheticRows.sweep(NETWORKS, 3));

        assertThat(html).contains("3G", "5G", "mdi simulate --zoo paper-gpu --seed 7", "Sweep &lt;1&gt;");
        for (String policy : SyntheticRows.POLICIES) {
            assertThat(html).contains(">" + policy + "</td>");
        }
    }

    @Test
    void escapesNames() throws IOException {
        String html = writeAndRead(SyntheticRows.sweep(NETWORKS, 3));

        assertThat(html).doesNotContain("<script>")
                .contains("Network: home &lt;script&gt;alert(1)&lt;/script&gt; wifi");
    }

    @Test
    void givesEachChartItsOwnClipPaths() throws IOException {
        String html = writeAndRead(SyntheticRows.sweep(NETWORKS, 3));

        assertThat(html).containsPattern("<svg id=['\"]chart-1-accuracy['\"]")
                .containsPattern("<svg id=['\"]chart-3-p99-latency['\"]");
        List<String> clipPaths = Pattern.compile("<clipPath id=['\"]([^'\"]+)").matcher(html).results()
                .map(m -> m.group(1)).toList();
        assertThat(clipPaths).isNotEmpty().doesNotHaveDuplicates();
    }

    @Test
    void saysSoWhenThereAreNoResults() throws IOException {
        assertThat(writeAndRead(List.of())).contains("This run produced no results.").doesNotContain("<svg");
    }
}
