package org.mdinference.bench;

import java.util.concurrent.TimeUnit;
import org.mdinference.core.Budget;
import org.mdinference.core.Model;
import org.mdinference.core.Policies;
import org.mdinference.core.SelectionPolicy;
import org.mdinference.core.Zoo;
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

    @Param({"mdinference", "greedy"})
    public String policyName;

    @Param({"1000", "150", "5"})
    public double slaMs;

    private Zoo zoo;
    private SelectionPolicy policy;
    private Budget budget;

    @Setup
    public void setUp() {
        zoo = ZooTable.load("paper-gpu").zoo();
        policy = Policies.create(policyName, 1);
        budget = new Budget(slaMs, 0, 0);
    }

    @Benchmark
    public Model select() {
        return policy.select(zoo, budget);
    }
}
