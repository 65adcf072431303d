package org.mdinference.bench;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mdinference.core.Budget;
import org.mdinference.core.Model;
import org.mdinference.core.Policies;
import org.mdinference.core.QueueWaits;
import org.mdinference.core.TimeSpread;
import org.mdinference.core.SelectionPolicy;
import org.mdinference.core.Zoo;
import org.mdinference.core.ZooRequest;
import org.mdinference.sim.ZooTable;
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
 * One selection decision on the paper's 23-model GPU zoo: what the server adds to every request before any
 * inference starts. Target: under 1 microsecond.
 *
 * <p>The remaining budget decides how far down the accuracy order MDInference must walk: 1000 ms accepts the most
 * accurate model at once, 5 ms walks to the bottom and falls back to the fastest (the worst case).
 *
 * <p>Each request brings what the SDK reports: the device model's accuracy (mobilenet_v1_0.25_128, which runs beside
 * it) and 32 quantiles of its recent return trips, those of a T-Mobile LTE trace (../shared/eval), for
 * expected-accuracy, which weighs every candidate it looks at against all of them.
 *
 * <p>Run: {@code java -jar mdi-bench/target/benchmarks.jar SelectionBenchmark}. Figures are in
 * docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SelectionBenchmark {

    /** 32 quantiles of 256 return trips on TMobile-LTE-short with 100 KB uploads, ms: a heavy tail. */
    private static final double[] RETURNS_MS = {20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 21, 21, 21, 21, 22, 22, 23,
        23, 23, 23, 24, 25, 26, 27, 29, 31, 35, 39, 48, 70, 180, 456};
    private static final double DEVICE_ACCURACY = 0.414;

    @Param({"mdinference", "expected-accuracy", "greedy"})
    public String policyName;

    @Param({"1000", "150", "5"})
    public double slaMs;

    private Zoo zoo;
    private SelectionPolicy policy;
    private Budget budget;
    private ZooRequest request;

    @Setup
    public void setUp() {
        zoo = ZooTable.load("paper-gpu").zoo().without("mobilenet_v1_0.25_128");
        policy = Policies.create(policyName, 1);
        TimeSpread returns = TimeSpread.of(RETURNS_MS);
        request = new ZooRequest(slaMs, 0, 0, 1, Optional.of(DEVICE_ACCURACY), returns);
        budget = new Budget(slaMs, 0, 0, QueueWaits.NONE, returns);
    }

    @Benchmark
    public Model select() {
        return policy.select(zoo, budget, request);
    }
}
