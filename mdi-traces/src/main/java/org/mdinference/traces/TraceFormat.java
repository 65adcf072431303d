package org.mdinference.traces;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The trace formats this package reads, told apart by a file's first line: its header, or the shape of its
 * first sample. File names play no part, since collections name their files every which way.
 */
public enum TraceFormat {
    TWO_COLUMN("two whitespace-separated columns 'time_s throughput' (Mbit/s; MByte/s with @MBps)"),
    LUMOS("a Lumos CSV with chunk_size, app_throughput (kbit/s) and delivery_time (s)"),
    GOPHERS_THROUGHPUT("a 5Gophers CSV with a *throughput*mbps* column, one sample a second"),
    RTT("an RTT CSV with an rtt_ms or rtt_in_ms column"),
    MAHIMAHI("a Mahimahi packet trace, one integer ms timestamp per line"),
    UCC_5G("a UCC 5G CSV starting 'Timestamp,' with DL_bitrate and UL_bitrate (kbit/s), one row a second");

    private final String description;

    TraceFormat(String description) {
        this.description = description;
    }

    /** What a file of this format holds, in words, e.g. for a message naming the formats understood. */
    public String description() {
        return description;
    }

    /** The format whose first line this is, if any; the line is trimmed and not blank. */
    static Optional<TraceFormat> detect(String firstLine) {
        String[] tokens = firstLine.split("\\s+");
        if (Arrays.stream(tokens).allMatch(TraceFormat::isNumber)) {
            return numeric(tokens);
        }
        return fromHeader(new TraceHeader(firstLine));
    }

    private static Optional<TraceFormat> numeric(String[] tokens) {
        if (tokens.length == 1 && tokens[0].matches("\\d+")) {
            return Optional.of(MAHIMAHI);
        }
        return tokens.length == 2 ? Optional.of(TWO_COLUMN) : Optional.empty();
    }

    private static Optional<TraceFormat> fromHeader(TraceHeader header) {
        if (header.column(0).equals("timestamp") && header.has("dl_bitrate") && header.has("ul_bitrate")) {
            return Optional.of(UCC_5G);
        }
        if (header.has("chunk_size") && header.has("app_throughput") && header.has("delivery_time")) {
            return Optional.of(LUMOS);
        }
        if (header.firstContaining("throughput", "mbps").isPresent()) {
            return Optional.of(GOPHERS_THROUGHPUT);
        }
        return header.has("rtt_ms") || header.has("rtt_in_ms") ? Optional.of(RTT) : Optional.empty();
    }

    private static boolean isNumber(String token) {
        try {
            return Double.isFinite(Double.parseDouble(token));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Every format, described for an error message. */
    static String understood() {
        return List.of(values()).stream().map(TraceFormat::description).collect(Collectors.joining("; "));
    }
}
