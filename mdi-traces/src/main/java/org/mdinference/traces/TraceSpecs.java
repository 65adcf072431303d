package org.mdinference.traces;

import java.nio.file.Path;

/**
 * Traces by their spec, {@code trace:PATH[@MBps|@Mbps]} or the same without {@code trace:}: a trace file, or a
 * directory of traces as one network; the suffix gives the unit of two-column throughput traces, Mbit/s by default.
 * A file's spec also gives the two links of its trace, to shape real sockets with ({@link #links}).
 */
public final class TraceSpecs {

    /** What a trace spec starts with, where it sits beside other kinds of network. */
    public static final String PREFIX = "trace:";

    private TraceSpecs() {
    }

    /**
     * The network of a trace file or directory, named after it, whose requests carry the settings' bytes.
     *
     * @throws IllegalArgumentException when the spec names no path, a path that does not exist, a file that is not
     *                                  a trace of a known format, a directory that holds none, or a trace holds a
     *                                  bad value
     * @throws java.io.UncheckedIOException when a trace file exists but cannot be read
     */
    public static Network network(String spec, TransferSettings settings) {
        TracePath trace = TracePath.parse(withoutPrefix(spec));
        return new TraceLoader(trace.unit(), settings).load(trace.path());
    }

    /**
     * The uplink and downlink of one trace file, for shaping real traffic. A trace of the downlink alone stands
     * for the uplink too, scaled by {@code uplinkScale}; a trace that measured both directions (a Mahimahi
     * {@code .up}/{@code .down} pair, a UCC CSV) gives each its own and the scale does not apply.
     *
     * @throws IllegalArgumentException when the spec names a directory, no file, a file that is not a trace of a
     *                                  known format or holds round-trip times alone, or a trace holds a bad value;
     *                                  when the uplink scale is not a positive number
     * @throws java.io.UncheckedIOException when the trace file exists but cannot be read
     */
    public static TraceLinks links(String spec, double uplinkScale) {
        TracePath trace = TracePath.parse(withoutPrefix(spec));
        // Of the transfer settings, links take the uplink scale alone: the rest is how the simulator replays requests.
        TransferSettings defaults = TransferSettings.DEFAULTS;
        TransferSettings settings = new TransferSettings(defaults.payloadKb(), defaults.replyKb(), defaults.baseRttMs(),
                uplinkScale, defaults.requestIntervalMs());
        return new TraceLoader(trace.unit(), settings).loadLinks(trace.path());
    }

    private static String withoutPrefix(String spec) {
        return spec.startsWith(PREFIX) ? spec.substring(PREFIX.length()) : spec;
    }

    /** A trace spec's path, and the unit of two-column throughput its suffix names (Mbit/s without one). */
    private record TracePath(Path path, ThroughputUnit unit) {

        static TracePath parse(String pathAndUnit) {
            ThroughputUnit unit = ThroughputUnit.MBIT_PER_S;
            String path = pathAndUnit;
            for (ThroughputUnit candidate : ThroughputUnit.values()) {
                String suffix = "@" + candidate.suffix();
                if (pathAndUnit.endsWith(suffix)) {
                    unit = candidate;
                    path = pathAndUnit.substring(0, pathAndUnit.length() - suffix.length());
                }
            }
            if (path.isEmpty()) {
                throw new IllegalArgumentException("network 'trace:" + pathAndUnit + "' names no path: use trace:PATH");
            }
            return new TracePath(Path.of(path), unit);
        }
    }
}
