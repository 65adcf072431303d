/**
 * The simulator's networks by their command-line spec ({@link org.mdinference.sim.network.NetworkSpecs}): the
 * paper's truncated Gaussians ({@code paper:NAME}, {@code gaussian:MEAN:STD}), drawn here, and recorded traces
 * ({@code trace:PATH}), read by mdi-traces.
 *
 * <p>Every network samples from a seed alone, so the policies of one sweep meet the very same network.
 */
@NullMarked
package org.mdinference.sim.network;

import org.jspecify.annotations.NullMarked;
