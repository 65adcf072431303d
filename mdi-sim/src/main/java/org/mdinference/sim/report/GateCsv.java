package org.mdinference.sim.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mdinference.sim.GateRow;
import org.mdinference.sim.ResultRow;

/**
 * {@code gate.csv}, written by {@code mdi simulate --gate}: per network, SLA and policy, a line without the device's
 * confidence gate and one with it, on the same requests. Number formats as in {@code results.csv}.
 */
public final class GateCsv {

    public static final String FILE_NAME = "gate.csv";

    /** The exact first line of the file. */
    public static final String HEADER = "network,policy,sla_ms,gate,requests,cloud_requests,kb_sent,"
            + "aggregate_accuracy,sla_attainment,on_device_reliance,mean_latency_ms,p99_latency_ms";

    private GateCsv() {
    }

    /**
     * Writes {@code rows} in their order to {@code file}, replacing it.
     *
     * @param requestKb the size of one request, in KB: {@code kb_sent} is the cloud requests times it
     */
    public static void write(Path file, List<GateRow> rows, double requestKb) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + '\n');
            for (GateRow gated : rows) {
                ResultRow row = gated.row();
                out.write(Csv.line(List.of(row.network(), row.policy(), Csv.sla(row.slaMs()),
                        gated.gate() ? "on" : "off", Integer.toString(row.requests()),
                        Integer.toString(gated.cloudRequests()),
                        String.format(Locale.ROOT, "%.1f", gated.cloudRequests() * requestKb),
                        Csv.fraction(row.aggregateAccuracy()), Csv.fraction(row.slaAttainment()),
                        Csv.fraction(row.onDeviceReliance()), Csv.millis(row.meanLatencyMs()),
                        Csv.millis(row.p99LatencyMs()))));
            }
        }
    }
}
