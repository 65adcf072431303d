package org.mdinference.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mdinference.onnx.Committed;

/**
 * The dashboard draws its series in the colours, and in the order, of the reports of mdi simulate and mdi demo
 * (mdi-sim's PolicyStyle), so that a reader meets one palette across the project. Read from both sources, as the
 * two modules share no code.
 */
class ChartStyleTest {

    @Test
    void theDashboardsPaletteIsTheReports() throws Exception {
        String reports = Files.readString(Committed.root()
                .resolve("mdi-sim/src/main/java/org/mdinference/sim/report/PolicyStyle.java"));
        String known = reports.substring(reports.indexOf("KNOWN_COLORS = "), reports.indexOf("SPARE_COLORS = "));
        List<String> reportColours = new ArrayList<>();
        Matcher colour = Pattern.compile("new Color\\(0x([0-9a-fA-F]{6})\\)").matcher(known);
        while (colour.find()) {
            reportColours.add("#" + colour.group(1).toLowerCase(Locale.ROOT));
        }
        String css;
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("dashboard.css")) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> dashboardColours = new ArrayList<>();
        Matcher series = Pattern.compile("--s([1-6]): (#[0-9a-f]{6})").matcher(css);
        while (series.find()) {
            dashboardColours.add(series.group(2));
        }
        assertThat(dashboardColours).hasSize(6);
        assertThat(reportColours.subList(0, 6)).isEqualTo(dashboardColours);
    }
}
