package org.mdinference.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mdinference.sim.report.Csv;

/**
 * The demo's {@code requests.csv}: every request the devices measured, one line each. {@code image} (with
 * {@code device} and {@code request}, which name the same image in every cell of a network) is what pairs two
 * policies' answers image by image. {@code cloud} is what became of the request's cloud call (the SDK's status:
 * {@code gated} when the device's confidence gate answered alone), {@code bytes_sent} what the SDK wrote for it.
 */
public final class RequestsCsv {

    public static final String FILE_NAME = "requests.csv";
    public static final String HEADER = "network,policy,sla_ms,device,request,image,label,answer,correct,source,model,"
            + "latency_ms,gate,cloud,bytes_sent";

    private RequestsCsv() {
    }

    public static void write(Path file, List<DemoRow> rows) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (DemoRow row : rows) {
                for (RequestRecord r : row.records()) {
                    out.write(Csv.line(List.of(row.network(), row.policy(), Csv.sla(row.slaMs()),
                            Integer.toString(r.device()), Integer.toString(r.request()), Integer.toString(r.image()),
                            Integer.toString(r.label()), r.answer().map(String::valueOf).orElse(""),
                            r.correct() ? "1" : "0", r.answer().isEmpty() ? "none" : r.onDevice() ? "device" : "cloud",
                            r.cloudModel().orElse(""), Csv.millis(r.latencyMs()), row.gateName(), r.cloud(),
                            Long.toString(r.bytesSent()))));
                }
            }
        }
    }
}
