/**
 * Recorded network traces and the links they make, by their spec ({@link org.mdinference.traces.TraceSpecs}):
 * what the simulator replays request by request and what mdi-netem shapes real sockets with, read the same way.
 *
 * <p>A trace file is recognised by its content, never its name: two-column throughput traces (Pensieve's FCC and
 * Norway 3G, Puffer), Lumos chunk CSVs, 5Gophers throughput and RTT CSVs, Mahimahi packet-delivery traces and
 * the UCC 5G CSVs. Throughput traces become piecewise-constant rate links and Mahimahi traces packet links; a
 * transfer integrates the link's capacity from the moment it starts, waits through outages and wraps around at
 * the trace's end. A directory of traces is one network whose requests each meet one of its files.
 *
 * <p>The links of one trace file are public ({@link org.mdinference.traces.TraceLinks}), so that mdi-netem
 * can shape real sockets with the very capacity the simulator integrates. This package depends on nothing but the
 * JDK: a proxy or an SDK test that shapes traffic does not pull in the simulator's charts.
 *
 * <p>Times are ms as {@code double}, sizes bytes; every network samples from a seed alone, so the policies of
 * one sweep meet the very same network.
 */
@NullMarked
package org.mdinference.traces;

import org.jspecify.annotations.NullMarked;
