package org.mdinference.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mdinference.sim.report.Csv;

/**
 * The demo's {@code gate.csv}: one line per gate comparison (gate on against gate off on the same images), accuracies
 * as fractions, the ratios off over on (empty when the gate sent nothing at all).
 */
public final class GateCsv {

    public static final String FILE_NAME = "gate.csv";
    public static final String HEADER = "network,sla_ms,policy,images,cloud_requests_off,cloud_requests_on,"
            + "requests_ratio,bytes_sent_off,bytes_sent_on,bytes_ratio,accuracy_off,accuracy_on,both_right,only_on,"
            + "only_off,both_wrong,accuracy_difference,ci95_low,ci95_high,mcnemar_p";

    private GateCsv() {
    }

    public static void write(Path file, List<GateComparison> comparisons) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (GateComparison c : comparisons) {
            PairedAccuracy pairs = c.pairs();
            List<String> line = new ArrayList<>(List.of(c.network(), c.sla(), c.policy(),
                    Integer.toString(pairs.images()), Long.toString(c.requestsOff()), Long.toString(c.requestsOn()),
                    ratio(c.requestsRatio()), Long.toString(c.bytesOff()), Long.toString(c.bytesOn()),
                    ratio(c.bytesRatio()), Csv.fraction(pairs.accuracyB()), Csv.fraction(pairs.accuracyA())));
            line.addAll(PairedCsv.columns(pairs));
            csv.append(Csv.line(line));
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static String ratio(double ratio) {
        return Double.isInfinite(ratio) ? "" : String.format(Locale.ROOT, "%.4f", ratio);
    }
}
