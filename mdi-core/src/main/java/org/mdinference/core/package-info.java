/**
 * The MDInference algorithm as the paper defines it (Ogden and Guo, IC2E 2020): models with an accuracy and a
 * latency profile, the zoo they form, the time budget a request leaves, the selection policies and the deadline
 * rule of on-device duplication.
 *
 * <p>Everything here is plain Java without I/O or dependencies, so the server, the device SDK and the simulator
 * run the very same decisions. Times are milliseconds as {@code double}; accuracies are fractions in [0, 1].
 */
@NullMarked
package org.mdinference.core;

import org.jspecify.annotations.NullMarked;
