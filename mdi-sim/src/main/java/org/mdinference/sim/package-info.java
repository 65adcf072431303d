/**
 * The trace-driven simulator of the paper's evaluation: the requests of a sweep drawn once ({@link
 * org.mdinference.sim.Workload}), every policy and the oracle run over the same requests at every SLA ({@link
 * org.mdinference.sim.Simulator}), and the tallies that become the report's rows.
 */
@NullMarked
package org.mdinference.sim;

import org.jspecify.annotations.NullMarked;
