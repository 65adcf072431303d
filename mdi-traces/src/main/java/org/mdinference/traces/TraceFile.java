package org.mdinference.traces;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text of a trace file, split into rows of cells, with errors that name the file and the line. Blank lines
 * are skipped wherever they are.
 */
final class TraceFile {

    /** One non-blank line of the file, by its 1-based number. */
    record Row(int lineNumber, String[] cells) {
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Each record as an array of its cells, the spaces around them trimmed (a blank line: one empty cell). */
    private static final ObjectReader CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES).enable(CsvParser.Feature.SKIP_EMPTY_LINES).build()
            .readerFor(String[].class);

    private final Path path;
    private final List<String> lines;

    private TraceFile(Path path, List<String> lines) {
        this.path = path;
        this.lines = lines;
    }

    /** @throws UncheckedIOException when the file cannot be read */
    static TraceFile read(Path path) {
        try {
            // Latin-1 decodes any bytes, so a binary file is reported as unrecognised rather than as an I/O error.
            return new TraceFile(path, Files.readAllLines(path, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + path, e);
        }
    }

    Path path() {
        return path;
    }

    /** The file's name, which names its network. */
    String name() {
        return path.getFileName().toString();
    }

    /** The first non-blank line, trimmed: a CSV's header or a numeric trace's first sample. */
    Optional<String> firstLine() {
        return lines.stream().filter(line -> !line.isBlank()).map(String::trim).findFirst();
    }

    /** A CSV's header: its first non-blank line. */
    TraceHeader header() {
        return new TraceHeader(firstLine().orElse(""));
    }

    /** Rows of whitespace-separated cells, every non-blank line included. */
    List<Row> whitespaceRows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.isEmpty()) {
                rows.add(new Row(i + 1, WHITESPACE.split(line, -1)));
            }
        }
        return rows;
    }

    /**
     * Rows of a CSV's cells, its header left out, as Jackson's CSV parser reads them (quoted cells may hold commas).
     *
     * @throws IllegalArgumentException naming the file when it is not CSV (a quote left open)
     */
    List<Row> csvRows() {
        List<Row> rows = new ArrayList<>();
        try (MappingIterator<String[]> records = CSV.readValues(String.join("\n", lines))) {
            while (records.hasNextValue()) {
                int line = records.getParser().currentLocation().getLineNr();
                String[] cells = records.nextValue();
                if (cells.length > 1 || !cells[0].isEmpty()) {
                    rows.add(new Row(line, cells));
                }
            }
        } catch (IOException e) {
            throw error("is not a CSV file: " + e.getMessage());
        }
        return rows.isEmpty() ? rows : rows.subList(1, rows.size());
    }

    /** The number in a row's cell. @throws IllegalArgumentException naming file and line when it is none */
    double number(Row row, int column) {
        if (column >= row.cells().length) {
            throw errorAt(row, "has " + row.cells().length + " cells; expected at least " + (column + 1));
        }
        String cell = row.cells()[column].trim();
        try {
            double value = Double.parseDouble(cell);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the file and line
        }
        throw errorAt(row, "'" + cell + "' is not a number");
    }

    IllegalArgumentException errorAt(Row row, String problem) {
        return new IllegalArgumentException(path + ": line " + row.lineNumber() + " " + problem);
    }

    IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(path + ": " + problem);
    }
}
