package org.mdinference.traces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Turns a trace file of a known format into the network it measured. */
final class TraceReader {

    /** kbit/s to bytes per ms: 1000 bits a second are 125 bytes, 0.125 a ms. */
    private static final double BYTES_PER_MS_PER_KBPS = 0.125;
    private static final double SECOND_MS = 1000;
    private static final Pattern MS_TIMESTAMP = Pattern.compile("\\d+");

    private final ThroughputUnit unit;
    private final TransferSettings settings;

    TraceReader(ThroughputUnit unit, TransferSettings settings) {
        this.unit = unit;
        this.settings = settings;
    }

    /**
     * The network of {@code file}, named after it.
     *
     * @throws IllegalArgumentException naming the file (and line, where there is one) when a value is not a
     *                                  number, out of range, or the trace carries no bytes at all
     */
    Network read(TraceFile file, TraceFormat format) {
        return switch (format) {
            case TWO_COLUMN -> shared(file, twoColumn(file));
            case LUMOS -> shared(file, lumos(file));
            case GOPHERS_THROUGHPUT -> shared(file, perSecond(file, file.header().firstContaining("throughput", "mbps")
                    .orElseThrow(), ThroughputUnit.MBIT_PER_S::bytesPerMs));
            case RTT -> rtt(file);
            case MAHIMAHI -> mahimahi(file);
            case UCC_5G -> TraceNetwork.separateLinks(file.name(),
                    perSecond(file, "ul_bitrate", kbps -> kbps * BYTES_PER_MS_PER_KBPS),
                    perSecond(file, "dl_bitrate", kbps -> kbps * BYTES_PER_MS_PER_KBPS),
                    settings);
        };
    }

    /**
     * The uplink and downlink of {@code file}, as {@link #read} makes them for its network.
     *
     * @throws IllegalArgumentException as {@link #read} does, and when the file holds round-trip times alone
     */
    TraceLinks links(TraceFile file, TraceFormat format) {
        if (read(file, format) instanceof TraceNetwork network) {
            return new TraceLinks(file.name(), format, network.uplink(), network.downlink());
        }
        throw file.error("holds round-trip times only, no throughput or packet deliveries to make a link of");
    }

    private Network shared(TraceFile file, Link downlink) {
        return TraceNetwork.sharedLink(file.name(), downlink, settings);
    }

    /** Each sample holds until the next one's time; the last, for the median step, the best guess at its length. */
    private RateLink twoColumn(TraceFile file) {
        List<TraceFile.Row> rows = file.whitespaceRows();
        double[] times = new double[rows.size()];
        double[] rates = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            TraceFile.Row row = rows.get(i);
            if (row.cells().length != 2) {
                throw file.errorAt(row, "has " + row.cells().length + " columns; expected 'time_s throughput'");
            }
            times[i] = file.number(row, 0) * SECOND_MS;
            rates[i] = unit.bytesPerMs(nonNegative(file, row, 1));
            if (i > 0 && times[i] <= times[i - 1]) {
                throw file.errorAt(row, "goes back in time: " + times[i] / SECOND_MS + " s after "
                        + times[i - 1] / SECOND_MS + " s");
            }
        }
        double[] durations = new double[rows.size()];
        for (int i = 0; i + 1 < rows.size(); i++) {
            durations[i] = times[i + 1] - times[i];
        }
        durations[rows.size() - 1] = medianStep(Arrays.copyOf(durations, rows.size() - 1));
        return built(file, () -> RateLink.of(durations, rates));
    }

    /** A single sample has no step to measure; any length gives a constant rate, so it holds for a second. */
    private static double medianStep(double[] steps) {
        if (steps.length == 0) {
            return SECOND_MS;
        }
        Arrays.sort(steps);
        int middle = steps.length / 2;
        return steps.length % 2 == 1 ? steps[middle] : (steps[middle - 1] + steps[middle]) / 2;
    }

    /** Each chunk holds its throughput while it is delivered; the player's idle gaps between chunks are left out. */
    private RateLink lumos(TraceFile file) {
        int throughput = file.header().indexOf("app_throughput");
        int delivery = file.header().indexOf("delivery_time");
        List<TraceFile.Row> rows = file.csvRows();
        double[] durations = new double[rows.size()];
        double[] rates = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            TraceFile.Row row = rows.get(i);
            rates[i] = nonNegative(file, row, throughput) * BYTES_PER_MS_PER_KBPS;
            durations[i] = file.number(row, delivery) * SECOND_MS;
            if (!(durations[i] > 0)) {
                throw file.errorAt(row, "has a delivery time of " + durations[i] / SECOND_MS + " s; it must be positive");
            }
        }
        return built(file, () -> RateLink.of(durations, rates));
    }

    private static RateLink perSecond(TraceFile file, String column, DoubleUnaryOperator toBytesPerMs) {
        int index = file.header().indexOf(column);
        List<TraceFile.Row> rows = file.csvRows();
        double[] durations = new double[rows.size()];
        double[] rates = new double[rows.size()];
        Arrays.fill(durations, SECOND_MS);
        for (int i = 0; i < rows.size(); i++) {
            rates[i] = toBytesPerMs.applyAsDouble(nonNegative(file, rows.get(i), index));
        }
        try {
            return RateLink.of(durations, rates);
        } catch (IllegalArgumentException e) {
            throw file.error("column " + column + ": " + e.getMessage());
        }
    }

    private static RttNetwork rtt(TraceFile file) {
        int column = file.header().indexOfAny("rtt_ms", "rtt_in_ms");
        double[] rtts = file.csvRows().stream().mapToDouble(row -> {
            double rttMs = file.number(row, column);
            if (!(rttMs > 0)) {
                throw file.errorAt(row, "has an RTT of " + rttMs + " ms; it must be positive");
            }
            return rttMs;
        }).toArray();
        return built(file, () -> new RttNetwork(file.name(), rtts));
    }

    /** A {@code .down} trace with an {@code .up} beside it (or the reverse) is one link each way. */
    private Network mahimahi(TraceFile file) {
        PacketLink link = packetLink(file);
        Optional<Path> sibling = mahimahiSibling(file.path()).filter(Files::isRegularFile);
        if (sibling.isEmpty()) {
            return TraceNetwork.sharedLink(file.name(), link, settings);
        }
        PacketLink other = packetLink(TraceFile.read(sibling.get()));
        boolean isDown = file.name().endsWith(".down");
        return TraceNetwork.separateLinks(file.name(), isDown ? other : link, isDown ? link : other, settings);
    }

    /** The other direction's file of a Mahimahi trace pair, by Mahimahi's naming; empty when the name is not of a pair. */
    static Optional<Path> mahimahiSibling(Path path) {
        String name = path.getFileName().toString();
        if (name.endsWith(".down")) {
            return Optional.of(path.resolveSibling(name.substring(0, name.length() - ".down".length()) + ".up"));
        }
        if (name.endsWith(".up")) {
            return Optional.of(path.resolveSibling(name.substring(0, name.length() - ".up".length()) + ".down"));
        }
        return Optional.empty();
    }

    private static PacketLink packetLink(TraceFile file) {
        long[] opportunities = file.whitespaceRows().stream().mapToLong(row -> {
            if (row.cells().length != 1 || !MS_TIMESTAMP.matcher(row.cells()[0]).matches()) {
                throw file.errorAt(row, "'" + String.join(" ", row.cells()) + "' is not a ms timestamp");
            }
            return Long.parseLong(row.cells()[0]);
        }).toArray();
        return built(file, () -> PacketLink.of(opportunities));
    }

    private static double nonNegative(TraceFile file, TraceFile.Row row, int column) {
        double value = file.number(row, column);
        if (value < 0) {
            throw file.errorAt(row, "has a negative throughput " + value);
        }
        return value;
    }

    /** What {@code build} makes of the file's values, its complaint about them prefixed with the file. */
    private static <T> T built(TraceFile file, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw file.error(e.getMessage());
        }
    }
}
