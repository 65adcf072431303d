package org.mdinference.onnx;

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
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("profile " + file + " does not exist; write it with mdi zoo profile", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals(ZooProfile.HEADER)) {
            throw new IllegalArgumentException(file + " must start with the header " + ZooProfile.HEADER
                    + (lines.isEmpty() ? ", but it is empty" : ", but starts with " + lines.get(0)));
        }
        List<ProfileRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rows.add(row(lines.get(i).strip(), file + " line " + (i + 1)));
            }
        }
        return rows;
    }

    private static ProfileRow row(String line, String where) {
        String[] cells = line.split(",", -1);
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
