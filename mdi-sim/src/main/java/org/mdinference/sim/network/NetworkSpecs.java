package org.mdinference.sim.network;

import java.util.ArrayList;
import java.util.List;
import org.mdinference.traces.Network;
import org.mdinference.traces.TraceLinks;
import org.mdinference.traces.TraceSpecs;
import org.mdinference.traces.TransferSettings;

/**
 * Networks by their command-line spec: {@code paper:NAME} (a network of the paper's table, one draw counted
 * both ways), {@code gaussian:MEAN:STD} (one-way ms, upload and return drawn independently) or
 * {@code trace:PATH[@MBps|@Mbps]} (a trace file, or a directory of traces as one network; the suffix gives the
 * unit of two-column throughput traces, Mbit/s by default; read by {@link TraceSpecs}). A trace spec also gives
 * the two links of its trace, to shape real sockets with ({@link #links}).
 */
public final class NetworkSpecs {

    private static final String PAPER = "paper:";
    private static final String GAUSSIAN = "gaussian:";

    private NetworkSpecs() {
    }

    /**
     * The network of one spec. Gaussian networks are named by their spec as typed, trace networks by their file
     * or directory name.
     *
     * @throws IllegalArgumentException when the spec is of no known kind, names no network of the paper's table,
     *                                  has a bad mean or deviation, or names a path that is not a readable trace
     * @throws java.io.UncheckedIOException when a trace file exists but cannot be read
     */
    public static Network parse(String spec, TransferSettings settings) {
        if (spec.startsWith(PAPER)) {
            return paper(spec);
        }
        if (spec.startsWith(GAUSSIAN)) {
            return gaussian(spec);
        }
        if (spec.startsWith(TraceSpecs.PREFIX)) {
            return TraceSpecs.network(spec, settings);
        }
        throw new IllegalArgumentException(
                "unknown network '" + spec + "': use paper:NAME, gaussian:MEAN:STD or trace:PATH");
    }

    /**
     * The networks of comma-separated specs, in order, e.g. {@code paper:Home,trace:/a,trace:/b}. Spaces around a
     * spec are ignored; spaces inside one (as in {@code paper:Home high-sigma}) are kept.
     *
     * @throws IllegalArgumentException when a spec is empty or does not parse
     */
    public static List<Network> parseAll(String specs, TransferSettings settings) {
        List<Network> networks = new ArrayList<>();
        for (String spec : specs.split(",", -1)) {
            if (spec.isBlank()) {
                throw new IllegalArgumentException("empty network spec in '" + specs + "'");
            }
            networks.add(parse(spec.strip(), settings));
        }
        return networks;
    }

    /**
     * The uplink and downlink of one trace file, for shaping real traffic: {@code trace:PATH[@MBps|@Mbps]}, or the
     * same without {@code trace:}, as {@link TraceSpecs#links} reads it; a distribution is refused by name.
     *
     * @throws IllegalArgumentException when the spec is a {@code paper:} or {@code gaussian:} network (request times
     *                                  drawn from a distribution, no link), names a directory, no file, a file that
     *                                  is not a trace of a known format or holds round-trip times alone, or a trace
     *                                  holds a bad value; when the uplink scale is not a positive number
     * @throws java.io.UncheckedIOException when the trace file exists but cannot be read
     */
    public static TraceLinks links(String spec, double uplinkScale) {
        if (spec.startsWith(PAPER) || spec.startsWith(GAUSSIAN)) {
            throw new IllegalArgumentException("network '" + spec + "' draws request times from a distribution; it has"
                    + " no link to shape traffic with: use trace:PATH");
        }
        return TraceSpecs.links(spec, uplinkScale);
    }

    private static Network paper(String spec) {
        PaperNetworks table = PaperNetworks.load();
        String name = spec.substring(PAPER.length());
        PaperNetworks.OneWay oneWay = table.find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown paper network '" + name + "': known are " + String.join(", ", table.names())));
        return GaussianNetwork.paperConvention(spec, oneWay.meanMs(), oneWay.stdMs());
    }

    private static Network gaussian(String spec) {
        String[] parts = spec.substring(GAUSSIAN.length()).split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("network '" + spec + "' must be gaussian:MEAN:STD, one-way ms");
        }
        return GaussianNetwork.independentDraws(spec, number(spec, "mean", parts[0]),
                number(spec, "standard deviation", parts[1]));
    }

    private static double number(String spec, String what, String text) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, naming the spec
        }
        throw new IllegalArgumentException("network '" + spec + "': " + what + " '" + text + "' is not a number");
    }
}
