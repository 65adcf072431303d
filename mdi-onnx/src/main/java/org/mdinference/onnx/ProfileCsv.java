package org.mdinference.onnx;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code profile.csv}: its header, one line per {@link ProfileRow}, read and written. */
final class ProfileCsv {

    private static final int COLUMNS = ZooProfile.HEADER.split(",").length;
    /** Each record as an array of its cells, the spaces around them trimmed (a blank line: one empty cell). */
    private static final ObjectReader CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES).enable(CsvParser.Feature.SKIP_EMPTY_LINES).build()
            .readerFor(String[].class);

    /** A record of the file and the line it starts on. */
    private record Record(int line, String[] cells) {
    }

    private ProfileCsv() {
    }

    static void write(Path file, List<ProfileRow> rows) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(ZooProfile.HEADER);
                out.newLine();
                for (ProfileRow row : rows) {
                    LatencyStats latency = row.latency();
                    out.write(String.format(Locale.ROOT, "%s,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%b", row.model(),
                            row.batch(), row.threads(), latency.meanMs(), latency.stdMs(), latency.p50Ms(),
                            latency.p99Ms(), row.top1(), row.onDevice()));
                    out.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write profile " + file, e);
        }
    }

    static List<ProfileRow> read(Path file) {
        List<Record> records = new ArrayList<>();
        try (MappingIterator<String[]> rows = CSV.readValues(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            while (rows.hasNextValue()) {
                int line = rows.getParser().currentLocation().getLineNr();
                String[] cells = rows.nextValue();
                if (cells.length > 1 || !cells[0].isEmpty()) {
                    records.add(new Record(line, cells));
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("profile " + file + " does not exist; write it with mdi zoo profile", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile " + file, e);
        }
        String header = records.isEmpty() ? "" : String.join(",", records.get(0).cells());
        if (!header.equals(ZooProfile.HEADER)) {
            throw new IllegalArgumentException(file + " must start with the header " + ZooProfile.HEADER
                    + (records.isEmpty() ? ", but it is empty" : ", but starts with " + header));
        }
        List<ProfileRow> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            rows.add(row(records.get(i).cells(), file + " line " + records.get(i).line()));
        }
        return rows;
    }

    private static ProfileRow row(String[] cells, String where) {
        if (cells.length != COLUMNS) {
            throw new IllegalArgumentException(where + " has " + cells.length + " cells, the header " + COLUMNS);
        }
        try {
            LatencyStats latency = new LatencyStats(Double.parseDouble(cells[3]), Double.parseDouble(cells[4]),
                    Double.parseDouble(cells[5]), Double.parseDouble(cells[6]));
            return new ProfileRow(cells[0], Integer.parseInt(cells[1]), Integer.parseInt(cells[2]), latency,
                    Double.parseDouble(cells[7]), bool(cells[8]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": a cell is not a number (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static boolean bool(String cell) {
        return switch (cell) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("on_device must be true or false, got '" + cell + "'");
        };
    }
}
