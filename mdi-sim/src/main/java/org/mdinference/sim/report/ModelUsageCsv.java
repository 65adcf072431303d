package org.mdinference.sim.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.mdinference.sim.ResultRow;

/**
 * {@code model_usage.csv}: how many requests each model answered, one line per network, policy, SLA and model (long
 * form, so a tool can pivot it any way). Models that answered nothing are left out.
 */
public final class ModelUsageCsv {

    /** The name the simulator gives this file in its output directory. */
    public static final String FILE_NAME = "model_usage.csv";

    /** The exact first line of the file. */
    public static final String HEADER = "network,policy,sla_ms,model,requests";

    private ModelUsageCsv() {
    }

    /** Writes the model usage of {@code rows}, in row order and each row's model order, to {@code file}. */
    public static void write(Path file, List<ResultRow> rows) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + '\n');
            for (ResultRow row : rows) {
                for (Map.Entry<String, Integer> usage : row.modelUsage().entrySet()) {
                    if (usage.getValue() > 0) {
                        out.write(Csv.line(List.of(row.network(), row.policy(), Csv.sla(row.slaMs()),
                                usage.getKey(), usage.getValue().toString())));
                    }
                }
            }
        }
    }
}
