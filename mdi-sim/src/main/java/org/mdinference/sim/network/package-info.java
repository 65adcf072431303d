/**
 * The networks a simulated device sends its requests over, and the specs that name them
 * ({@link org.mdinference.sim.network.NetworkSpecs}): the paper's truncated Gaussians, and real traces replayed
 * request by request.
 *
 * <p>A trace file is recognised by its content, never its name: two-column throughput traces (Pensieve's FCC and
 * Norway 3G, Puffer), Lumos chunk CSVs, 5Gophers throughput and RTT CSVs, Mahimahi packet-delivery traces and
 * the UCC 5G CSVs. Throughput traces become piecewise-constant rate links and Mahimahi traces packet links; a
 * transfer integrates the link's capacity from the moment it starts, waits through outages and wraps around at
 * the trace's end. A directory of traces is one network whose requests each meet one of its files.
 *
 * <p>The links of one trace file are public ({@link org.mdinference.sim.network.TraceLinks}), so that mdi-netem
 * can shape real sockets with the very capacity the simulator integrates.
 *
 * <p>Times are ms as {@code double}, sizes bytes; every network samples from a seed alone, so the policies of
 * one sweep meet the very same network.
 */
@NullMarked
package org.mdinference.sim.network;

import org.jspecify.annotations.NullMarked;
