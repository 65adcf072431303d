package org.mdinference.bench;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mdinference.core.Zoo;
import org.mdinference.sim.Knowledge;
import org.mdinference.sim.ResultRow;
import org.mdinference.sim.SimulationSettings;
import org.mdinference.sim.Simulator;
import org.mdinference.sim.SlaRange;
import org.mdinference.sim.ZooTable;
import org.mdinference.sim.network.NetworkSpecs;
import org.mdinference.traces.Network;
import org.mdinference.traces.TransferSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulator's speed: one network swept with 10,000 requests at 50 SLA points through all six policies
 * (3 million decisions and deadline resolutions, plus drawing the workload). Target: under 5 s.
 * Requests per second = 3,000,000 / the score.
 *
 * <p>Run: {@code java -jar mdi-bench/target/benchmarks.jar SweepBenchmark}. Figures are in docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class SweepBenchmark {

    @Param({"paper:Home", "trace:../shared/traces/pensieve_norway_hsdpa_3g"})
    public String network;

    private Simulator simulator;
    private Network parsed;
    private final double[] slas = SlaRange.parse("10:500:10").points();

    @Setup
    public void setUp() {
        ZooTable table = ZooTable.load("paper-gpu");
        Zoo pool = table.zoo().without("mobilenet_v1_0.25_128");
        simulator = new Simulator(new SimulationSettings(pool, table.zoo().model("mobilenet_v1_0.25_128"), true,
                Knowledge.ESTIMATED, 10_000, 1));
        parsed = NetworkSpecs.parse(network, TransferSettings.DEFAULTS);
    }

    @Benchmark
    public List<ResultRow> sweep() {
        return simulator.sweep(parsed, Simulator.ALL_POLICIES, slas, (name, done, total) -> { });
    }
}
