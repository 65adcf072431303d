package org.mdinference.sim.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** RFC 4180 fields and the number formats shared by the CSV files of the simulator and the demo. */
public final class Csv {

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

    /**
     * The records of a whole CSV text. Quoted fields may hold commas, doubled quotes and line breaks; records end
     * with LF or CRLF, and a final line break is optional.
     */
    public static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (quoted) {
                if (c != '"') {
                    field.append(c);
                } else if (i < text.length() && text.charAt(i) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i < text.length() && text.charAt(i) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
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
