package org.mdinference.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mdinference.sim.report.Csv;
import org.mdinference.sim.report.ResultsCsv;

/**
 * The demo's {@code results.csv}: one line per network, policy, SLA and gate, fractions in [0, 1]. {@code gate} is
 * {@code on} or {@code off}; {@code cloud_requests} the inference calls the devices' SDKs started.
 */
public final class DemoResultsCsv {

    public static final String FILE_NAME = ResultsCsv.FILE_NAME;
    public static final String HEADER = "network,policy,sla_ms,requests,accuracy,sla_attainment,on_device_reliance,"
            + "p50_latency_ms,p99_latency_ms,bytes_sent,gate,cloud_requests";

    private DemoResultsCsv() {
    }

    public static void write(Path file, List<DemoRow> rows) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (DemoRow row : rows) {
            csv.append(Csv.line(List.of(row.network(), row.policy(), Csv.sla(row.slaMs()),
                    Integer.toString(row.requests()), Csv.fraction(row.accuracy()), Csv.fraction(row.slaAttainment()),
                    Csv.fraction(row.onDeviceReliance()), Csv.millis(row.p50LatencyMs()),
                    Csv.millis(row.p99LatencyMs()), Long.toString(row.bytesSent()), row.gateName(),
                    Long.toString(row.cloudRequests()))));
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }
}
