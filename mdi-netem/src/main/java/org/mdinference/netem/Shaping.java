package org.mdinference.netem;

import java.util.Objects;
import org.mdinference.traces.TraceLinks;

/**
 * How a {@link NetemProxy} shapes its traffic: the trace's two links, the base round-trip time every byte spends
 * in flight (half of it each way), and where on the trace its clock starts.
 *
 * @param links     the uplink (client to target) and downlink (target to client)
 * @param baseRttMs round-trip time added on top of the links' transfer times, ms; 0 for none
 * @param offsetMs  how far into the trace the proxy's clock starts, ms; past the trace's end it wraps around
 */
public record Shaping(TraceLinks links, double baseRttMs, double offsetMs) {

    /** @throws IllegalArgumentException when the RTT or the offset is negative or not a finite number */
    public Shaping {
        Objects.requireNonNull(links, "links");
        if (!(baseRttMs >= 0) || !Double.isFinite(baseRttMs)) {
            throw new IllegalArgumentException("base RTT must be a non-negative number of ms, got " + baseRttMs);
        }
        if (!(offsetMs >= 0) || !Double.isFinite(offsetMs)) {
            throw new IllegalArgumentException("trace offset must be a non-negative number of ms, got " + offsetMs);
        }
    }

    /** What each byte spends in flight one way on top of its transfer: half the base RTT. */
    public double oneWayDelayMs() {
        return baseRttMs / 2;
    }
}
