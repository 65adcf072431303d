package org.mdinference.sim.report;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** RFC 4180 fields and the number formats shared by the CSV files of the simulator and the demo. */
public final class Csv {

    /** Each record as an array of its fields, whatever its length; lines of nothing at all skipped. */
    private static final ObjectReader READER = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES).build().readerFor(String[].class);

    private Csv() {
    }

    /** One record of {@code fields}, quoted where RFC 4180 requires, ending with a newline. */
    public static String line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (line.length() > 0) {
                line.append(',');
            }
            line.append(quote(field));
        }
        return line.append('\n').toString();
    }

    private static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** One record of a CSV text: its fields, and the line it starts on (1-based, blank lines counted). */
    public record Record(int line, List<String> fields) {

        public Record {
            fields = List.copyOf(fields);
        }
    }

    /**
     * The records of a whole CSV text, read by Jackson's CSV parser: quoted fields may hold commas, doubled quotes
     * and line breaks; records end with LF or CRLF, a final line break is optional, and blank lines are skipped.
     * Fields are given as written, spaces included.
     *
     * @throws IOException when the text cannot be read or is not CSV (a quote left open)
     */
    public static List<Record> read(Reader text) throws IOException {
        List<Record> records = new ArrayList<>();
        try (MappingIterator<String[]> rows = READER.readValues(text)) {
            while (rows.hasNextValue()) {
                int line = rows.getParser().currentLocation().getLineNr();
                String[] fields = rows.nextValue();
                if (fields.length > 1 || !fields[0].isBlank()) {
                    records.add(new Record(line, Arrays.asList(fields)));
                }
            }
        }
        return records;
    }

    /** A fraction in [0, 1], to 4 decimals. */
    public static String fraction(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** Milliseconds, to 2 decimals. */
    public static String millis(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** An SLA as written: "250" rather than "250.0", and a fractional one exactly ("12.5"). */
    public static String sla(double slaMs) {
        if (!Double.isFinite(slaMs)) {
            return Double.toString(slaMs);
        }
        return BigDecimal.valueOf(slaMs).stripTrailingZeros().toPlainString();
    }
}
