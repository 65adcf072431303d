package org.mdinference.bench;

import java.util.ArrayList;
import java.util.List;
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
 * <p>{@code runTimes}: {@code profile} knows each model by its profile's mean and deviation, as the simulator does;
 * {@code observed} gives every model 32 quantiles of its recent runs, as a server that has watched it run does
 * (mdi-server's {@code LiveProfiles}): expected-accuracy then counts the pairs of a run and a return that fit, a
 * two-pointer pass over both, where it had the normal's CDF for the returns near the limit. The paper's rule and
 * greedy ignore the runs.
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
    /** 32 quantiles of a run over its mean: most runs near it, one in eight slower, the slowest three times. */
    private static final double[] RUN_SHAPE = {0.90, 0.91, 0.92, 0.93, 0.93, 0.94, 0.94, 0.95, 0.95, 0.96, 0.96,
        0.97, 0.97, 0.98, 0.98, 0.99, 0.99, 1.00, 1.00, 1.01, 1.01, 1.02, 1.03, 1.04, 1.05, 1.07, 1.10, 1.15, 1.25,
        1.45, 1.90, 3.00};

    @Param({"mdinference", "expected-accuracy", "greedy"})
    public String policyName;

    @Param({"1000", "150", "5"})
    public double slaMs;

    @Param({"profile", "observed"})
    public String runTimes;

    private Zoo zoo;
    private SelectionPolicy policy;
    private Budget budget;
    private ZooRequest request;

    @Setup
    public void setUp() {
        Zoo profiled = ZooTable.load("paper-gpu").zoo().without("mobilenet_v1_0.25_128");
        zoo = runTimes.equals("observed") ? withRuns(profiled) : profiled;
        policy = Policies.create(policyName, 1);
        TimeSpread returns = TimeSpread.of(RETURNS_MS);
        request = new ZooRequest(slaMs, 0, 0, 1, Optional.of(DEVICE_ACCURACY), returns);
        budget = new Budget(slaMs, 0, 0, QueueWaits.NONE, returns);
    }

    private static Zoo withRuns(Zoo zoo) {
        List<Model> watched = new ArrayList<>();
        for (Model model : zoo.models()) {
            double[] runs = new double[RUN_SHAPE.length];
            for (int k = 0; k < runs.length; k++) {
                runs[k] = RUN_SHAPE[k] * model.latency().meanMs();
            }
            watched.add(model.withLatency(model.latency().withRuns(TimeSpread.of(runs))));
        }
        return new Zoo(watched);
    }

    @Benchmark
    public Model select() {
        return policy.select(zoo, budget, request);
    }
}
