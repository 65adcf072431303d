package org.mdinference.sim.report;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mdinference.sim.ResultRow;

/**
 * {@code results.csv}: one line per network, policy and SLA. Other tools read this file, so its header and number
 * formats are fixed: fractions to 4 decimals, milliseconds to 2, the SLA as an integer when it is one.
 */
public final class ResultsCsv {

    /** The name the simulator gives this file in its output directory. */
    public static final String FILE_NAME = "results.csv";

    /** The exact first line of the file. */
    public static final String HEADER = "network,policy,sla_ms,requests,aggregate_accuracy,sla_attainment,"
            + "on_device_reliance,mean_latency_ms,p99_latency_ms,oracle_accuracy";

    private static final int FIELDS = HEADER.split(",").length;

    private ResultsCsv() {
    }

    /** Writes {@code rows} in their given order to {@code file}, replacing it. */
    public static void write(Path file, List<ResultRow> rows) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + '\n');
            for (ResultRow row : rows) {
                out.write(Csv.line(List.of(row.network(), row.policy(), Csv.sla(row.slaMs()),
                        Integer.toString(row.requests()), Csv.fraction(row.aggregateAccuracy()),
                        Csv.fraction(row.slaAttainment()), Csv.fraction(row.onDeviceReliance()),
                        Csv.millis(row.meanLatencyMs()), Csv.millis(row.p99LatencyMs()),
                        Csv.fraction(row.oracleAccuracy()))));
            }
        }
    }

    /**
     * Reads a file that {@link #write} wrote. The rows carry no model usage: that lives in {@code model_usage.csv}.
     *
     * @throws IOException when the file cannot be read, its header is not {@link #HEADER}, a line has the wrong
     *                     number of fields or a number does not parse
     */
    public static List<ResultRow> read(Path file) throws IOException {
        List<Csv.Record> records;
        try (Reader text = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            records = Csv.read(text);
        }
        String header = records.isEmpty() ? "" : String.join(",", records.get(0).fields());
        if (!header.equals(HEADER)) {
            throw new IOException(file + ": header must be '" + HEADER + "' but is '" + header + "'");
        }
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            rows.add(parseRow(file, i + 1, records.get(i).fields()));
        }
        return rows;
    }

    private static ResultRow parseRow(Path file, int recordNumber, List<String> f) throws IOException {
        if (f.size() != FIELDS) {
            throw new IOException(file + ": record " + recordNumber + " has " + f.size() + " fields, expected "
                    + FIELDS);
        }
        try {
            return new ResultRow(f.get(0), f.get(1), Double.parseDouble(f.get(2)), Integer.parseInt(f.get(3)),
                    Double.parseDouble(f.get(4)), Double.parseDouble(f.get(5)), Double.parseDouble(f.get(6)),
                    Double.parseDouble(f.get(7)), Double.parseDouble(f.get(8)), Double.parseDouble(f.get(9)),
                    Map.of());
        } catch (NumberFormatException e) {
            throw new IOException(file + ": record " + recordNumber + ": " + e.getMessage(), e);
        }
    }
}
