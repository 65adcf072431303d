package org.mdinference.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mdinference.sim.report.HtmlReport;
import org.mdinference.sim.report.ReportContext;

/** The demo's {@code report.html}: the simulator's report of the rows the devices measured, with the settings. */
public final class DemoReport {

    public static final String FILE_NAME = HtmlReport.FILE_NAME;

    private DemoReport() {
    }

    public static void write(Path file, DemoSettings settings, List<DemoRow> rows) throws IOException {
        ReportContext context = ReportContext.of("mdi demo: the real server, SDK and device model on trace-shaped"
                        + " loopback networks")
                .with("devices", Integer.toString(settings.devices()))
                .with("images per cell", Integer.toString(settings.images()))
                .with("payload", settings.payload().name().toLowerCase(Locale.ROOT))
                .with("base RTT", settings.baseRttMs() + " ms")
                .with("uplink scale", Double.toString(settings.uplinkScale()))
                .with("SLA attainment", "answered within the SLA + " + DemoSettings.GRACE_MS + " ms")
                .with("seed", Long.toString(settings.seed()));
        HtmlReport.write(file, context, rows.stream().map(DemoRow::toResultRow).toList());
    }
}
