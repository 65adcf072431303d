/**
 * The load generator of {@code mdi loadtest}: one ready-encoded request ({@link org.mdinference.loadgen.LoadtestRequest})
 * offered to an Open Inference Protocol server closed loop or open loop ({@link org.mdinference.loadgen.LoadtestDriver}),
 * each sender on a kept-alive connection of its own, the replies' latency and the server's own timings recorded,
 * and the final table ({@link org.mdinference.loadgen.LoadtestReport}); the in-process server benchmark
 * ({@link org.mdinference.loadgen.LoadtestBenchmark}) that starts the server on a zoo and measures it side by side;
 * and the front-end hop benchmark ({@link org.mdinference.loadgen.HopBenchmark}): member servers and front ends
 * whose members are endpoints of them, their paths measured in turns. And the soak of {@code mdi soak}
 * ({@link org.mdinference.loadgen.Soak}): a mixed load with bursts and clients that give up, every request accounted
 * for, and the server's heap, direct memory and threads read from its {@code /metrics} at the start and the end.
 *
 * <p>Open-loop latency counts from the moment a request was due, so a generator that falls behind does not hide the
 * server's delay. The command-line wiring stays in mdi-cli.
 */
@NullMarked
package org.mdinference.loadgen;

import org.jspecify.annotations.NullMarked;
