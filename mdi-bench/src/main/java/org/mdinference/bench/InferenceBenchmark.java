package org.mdinference.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.mdinference.onnx.LoadedZoo;
import org.mdinference.onnx.OnnxModel;
import org.mdinference.onnx.ZooManifest;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One run of a bundled zoo's small models through {@code OnnxModel.run}, the call the server's batcher makes
 * (input copied into ONNX Runtime, inference on one intra-op thread, logits copied out), at batch 1 and 32. Items a
 * second = batch / score: the ratio of the two is the most dynamic batching can gain for that model on this
 * machine, whatever the server around it.
 *
 * <p>Run from the repository root: {@code java -jar mdi-bench/target/benchmarks.jar InferenceBenchmark}. Figures
 * are in docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InferenceBenchmark {

    @Param({"linear", "mlp", "lenet5", "mobilenet_w025_r16"})
    public String model;

    @Param({"1", "32"})
    public int batch;

    private LoadedZoo zoo;
    private OnnxModel loaded;
    private float[] items;

    @Setup
    public void setUp() {
        zoo = LoadedZoo.load(ZooManifest.read(Path.of("zoo/fashion")), 1);
        loaded = zoo.model(model).orElseThrow(() -> new IllegalArgumentException("no model " + model));
        items = loaded.input().seededItems(batch, 42);
    }

    @TearDown
    public void tearDown() {
        zoo.close();
    }

    @Benchmark
    public float[][] run() {
        return loaded.run(items, batch);
    }
}
