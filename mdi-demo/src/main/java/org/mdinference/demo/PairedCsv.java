package org.mdinference.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mdinference.sim.report.Csv;

/** The demo's {@code paired.csv}: one line per paired comparison, fractions in [-1, 1]. */
public final class PairedCsv {

    public static final String FILE_NAME = "paired.csv";
    public static final String HEADER = "network,sla_ms,policy,baseline,images,both_right,only_policy,only_baseline,"
            + "both_wrong,accuracy_difference,ci95_low,ci95_high,mcnemar_p";

    private PairedCsv() {
    }

    public static void write(Path file, List<PairedComparison> comparisons) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (PairedComparison c : comparisons) {
            PairedAccuracy pairs = c.pairs();
            List<String> line = new ArrayList<>(List.of(c.network(), c.sla(), c.arm(), c.baseline(),
                    Integer.toString(pairs.images())));
            line.addAll(columns(pairs));
            csv.append(Csv.line(line));
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    /**
     * The comparison's own columns, as this file and {@code gate.csv} end their lines: both_right, only A, only B,
     * both_wrong, the difference A - B with its 95 % interval, and McNemar's p.
     */
    static List<String> columns(PairedAccuracy pairs) {
        double[] interval = pairs.differenceInterval95();
        return List.of(Integer.toString(pairs.bothRight()), Integer.toString(pairs.onlyA()),
                Integer.toString(pairs.onlyB()), Integer.toString(pairs.bothWrong()),
                Csv.fraction(pairs.difference()), Csv.fraction(interval[0]), Csv.fraction(interval[1]),
                String.format(Locale.ROOT, "%.6g", pairs.mcNemarP()));
    }
}
