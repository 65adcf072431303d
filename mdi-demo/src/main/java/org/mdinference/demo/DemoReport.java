package org.mdinference.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mdinference.sim.report.HtmlReport;
import org.mdinference.sim.report.ReportContext;

/**
 * The demo's {@code report.html}: the simulator's report of the rows the devices measured, with the settings, and the
 * paired comparisons as a section of its own before the notes.
 */
public final class DemoReport {

    public static final String FILE_NAME = HtmlReport.FILE_NAME;

    private DemoReport() {
    }

    public static void write(Path file, DemoSettings settings, List<DemoRow> rows, List<PairedComparison> paired)
            throws IOException {
        write(file, settings, rows, paired, List.of());
    }

    /**
     * As {@link #write(Path, DemoSettings, List, List)}, with the gate's comparisons (gate on against off) as a
     * section of their own before the paired comparisons; a gated arm's rows are charted as its policy
     * {@value DemoRow#GATED_SUFFIX}.
     */
    public static void write(Path file, DemoSettings settings, List<DemoRow> rows, List<PairedComparison> paired,
                             List<GateComparison> gate) throws IOException {
        ReportContext context = ReportContext.of("mdi demo: the real server, SDK and device model on trace-shaped"
                        + " loopback networks")
                .with("devices", Integer.toString(settings.devices()))
                .with("images per cell", Integer.toString(settings.images()))
                .with("payload", settings.payload().name().toLowerCase(Locale.ROOT))
                .with("base RTT", settings.baseRttMs() + " ms")
                .with("uplink scale", Double.toString(settings.uplinkScale()))
                .with("SLA attainment", "answered within the SLA + " + DemoSettings.GRACE_MS + " ms")
                .with("seed", Long.toString(settings.seed()));
        if (settings.gated()) {
            context = context.with("confidence gate", String.format(Locale.ROOT, "%s, %.2f points of accuracy"
                    + " allowed to be lost (%s); images from those its thresholds were not fit on",
                    settings.gate().name().toLowerCase(Locale.ROOT), 100 * settings.gateMaxLoss(),
                    DemoRow.GATED_SUFFIX + " marks a gated arm"));
        }
        HtmlReport.write(file, context, rows.stream().map(DemoRow::toResultRow).toList());
        // the simulator's report has no comparisons of its own: the section goes in before its footer
        String page = Files.readString(file, StandardCharsets.UTF_8);
        int footer = page.lastIndexOf("<footer>");
        if (footer < 0) {
            throw new IllegalStateException("the simulator's report has no <footer> to put the paired section before");
        }
        Files.writeString(file, page.substring(0, footer) + GateSection.html(gate, settings.gateMaxLoss())
                + PairedSection.html(paired) + page.substring(footer), StandardCharsets.UTF_8);
    }
}
