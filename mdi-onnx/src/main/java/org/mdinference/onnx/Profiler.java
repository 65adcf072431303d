package org.mdinference.onnx;

import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.mdinference.core.LatencyProfile;

/**
 * Measures how long each model takes on this machine at each batch size: {@link LatencyProfile#WARM_UP_INFERENCES}
 * untimed runs first (first runs allocate and page in), then the timed ones. A timed run is what serving a batch
 * costs in Java: the input tensor's creation, the inference and the copy of the outputs.
 */
public final class Profiler {

    /** Calls after which the JIT has compiled Java's side of an inference, or the time spent trying, if less. */
    static final int JAVA_WARM_UP_RUNS = 5_000;
    static final Duration JAVA_WARM_UP_TIME = Duration.ofSeconds(2);

    private final ProfileSettings settings;
    private final LongSupplier nanoClock;

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}) */
    public Profiler(ProfileSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    /** Every model of the zoo at every batch size it takes, with the accuracy and device flag of its manifest. */
    public ZooProfile profile(LoadedZoo zoo, Progress progress) {
        zoo.models().stream().filter(m -> m.input().acceptsBatch(1)).findFirst().ifPresent(this::warmUpJava);
        List<ProfileRow> rows = new ArrayList<>();
        for (OnnxModel model : zoo.models()) {
            rows.addAll(profile(model, progress));
        }
        return new ZooProfile(rows);
    }

    /** One row per batch size the model takes, smallest first; progress counts batch sizes done. */
    public List<ProfileRow> profile(OnnxModel model, Progress progress) {
        List<Integer> sizes = settings.batchSizes().stream().filter(model.input()::acceptsBatch).toList();
        List<ProfileRow> rows = new ArrayList<>();
        for (int batch : sizes) {
            LatencyStats latency = time(model, model.input().seededItems(batch, batch), batch);
            rows.add(new ProfileRow(model.name(), batch, model.intraOpThreads(), latency, model.entry().top1(),
                    model.entry().onDevice()));
            progress.update(model.name(), rows.size(), sizes.size());
        }
        return rows;
    }

    /**
     * Java's own part of an inference (tensor creation, the output copy) runs interpreted until the JIT has seen it
     * some thousand times; without this the first model profiled would look slower than it is.
     */
    private void warmUpJava(OnnxModel model) {
        float[] input = model.input().seededItems(1, 1);
        long deadline = nanoClock.getAsLong() + JAVA_WARM_UP_TIME.toNanos();
        for (int i = 0; i < JAVA_WARM_UP_RUNS && nanoClock.getAsLong() - deadline < 0; i++) {
            model.run(input, 1);
        }
    }

    private LatencyStats time(OnnxModel model, float[] input, int batch) {
        for (int i = 0; i < LatencyProfile.WARM_UP_INFERENCES; i++) {
            model.run(input, batch);
        }
        double[] samples = new double[settings.runs()];
        int enough = Math.min(settings.runs(), ProfileSettings.MIN_RUNS);
        long deadline = nanoClock.getAsLong() + settings.timeLimit().toNanos();
        int done = 0;
        while (done < samples.length) {
            long start = nanoClock.getAsLong();
            model.run(input, batch);
            long end = nanoClock.getAsLong();
            samples[done++] = (end - start) / 1e6;
            if (done >= enough && end - deadline > 0) {
                break;
            }
        }
        return LatencyStats.of(Arrays.copyOf(samples, done));
    }
}
