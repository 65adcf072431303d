package org.mdinference.traces;

import java.util.Objects;

/**
 * The two directions of one recorded trace, for shaping real traffic rather than sampling request times (see
 * {@link TraceSpecs#links}). The uplink carries what a device sends, the downlink what it receives; where the
 * trace measured the downlink alone, the uplink is that trace scaled.
 *
 * @param name     the trace file's name
 * @param format   how the file was read
 * @param uplink   device to server
 * @param downlink server to device
 */
public record TraceLinks(String name, TraceFormat format, Link uplink, Link downlink) {

    public TraceLinks {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(downlink, "downlink");
    }
}
