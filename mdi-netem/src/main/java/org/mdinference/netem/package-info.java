/**
 * Network emulation on real sockets: {@link org.mdinference.netem.NetemProxy} is a loopback TCP proxy that delays
 * and rate-limits each direction of its connections following a trace, the same trace files (and the same
 * {@link org.mdinference.sim.network.Link} arithmetic) the simulator replays requests over. It stands for one
 * device's access link: all its connections queue, first in first out, for the trace's capacity each way, and
 * every byte also spends half a base round-trip time in flight.
 *
 * <p>Times are ms on the trace's clock as {@code double}, which {@code TraceClock} maps to
 * {@link java.lang.System#nanoTime()}; sizes are bytes.
 */
@NullMarked
package org.mdinference.netem;

import org.jspecify.annotations.NullMarked;
