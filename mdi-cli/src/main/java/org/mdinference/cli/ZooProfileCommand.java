package org.mdinference.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mdinference.onnx.LatencyStats;
import org.mdinference.onnx.LoadedZoo;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ProfileRow;
import org.mdinference.onnx.ProfileSettings;
import org.mdinference.onnx.Profiler;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.onnx.ZooProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "profile",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Measures the latency distribution of every model of a zoo on this machine: 10 warm-up runs,"
                + " then timed runs at batch sizes 1, 2, 4, ... up to --max-batch; writes mean, std, p50 and p99 per"
                + " model and batch size, with the threads used, to a profile.csv that the server and"
                + " 'mdi simulate --zoo DIR' load.", ""},
        footer = {"",
            "Examples:",
            "  mdi zoo profile",
            "  mdi zoo profile --zoo zoo/fashion --runs 500 --max-batch 16",
            "  mdi zoo profile --threads 4 --out out/profile-4-threads.csv"})
final class ZooProfileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ZooCommand.ZooFolder zoo;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "200",
            description = "Timed runs per model and batch size (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--max-batch", paramLabel = "B", defaultValue = "64",
            description = "The largest batch size, a power of two (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "Intra-op threads per inference (default: ${DEFAULT-VALUE}: a server runs one request per"
                    + " core, so the latency a policy budgets for is that of one request on one core).")
    int threads;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "10",
            description = "Time per model and batch size after which timing stops, once "
                    + ProfileSettings.MIN_RUNS + " runs are in, so a slow model does not hold the whole zoo up"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxSeconds;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where the profile goes (default: DIR/" + ZooProfile.FILE_NAME + ").")
    Path out;

    @Override
    public Integer call() {
        ProfileSettings settings = new ProfileSettings(ZooCommand.atLeastOne("--runs", runs), maxBatch,
                Duration.ofSeconds(ZooCommand.atLeastOne("--max-seconds", maxSeconds)));
        ZooCommand.atLeastOne("--threads", threads);
        ZooManifest manifest = zoo.manifest();
        Path file = out != null ? out : manifest.directory().resolve(ZooProfile.FILE_NAME);

        ZooProfile profile;
        try (LoadedZoo loaded = LoadedZoo.load(manifest, threads);
             ProgressBar progress = ProgressBar.on(spec.commandLine().getErr())) {
            profile = new Profiler(settings, System::nanoTime).profile(loaded, progress::update);
        }
        profile.write(file);

        PrintWriter stdout = spec.commandLine().getOut();
        print(stdout, manifest, profile);
        stdout.println();
        stdout.println("wrote " + file + " (" + profile.rows().size() + " rows, " + threads + " intra-op thread"
                + (threads == 1 ? "" : "s") + ")");
        stdout.flush();
        return 0;
    }

    private void print(PrintWriter out, ZooManifest manifest, ZooProfile profile) {
        out.printf("latency in ms on this machine, %d intra-op thread%s:%n", threads, threads == 1 ? "" : "s");
        out.printf("  %-24s %8s %9s %9s %9s %9s %14s%n", "model", "top1", "b1 mean", "b1 std", "b1 p50", "b1 p99",
                "b" + maxBatch + " ms/item");
        for (ModelEntry model : manifest.models()) {
            Optional<LatencyStats> single = profile.row(model.name(), 1).map(ProfileRow::latency);
            out.printf("  %-24s %8.4f %s %s %s %s %s%n", model.name(), model.top1(),
                    cell(single.map(LatencyStats::meanMs), 9), cell(single.map(LatencyStats::stdMs), 9),
                    cell(single.map(LatencyStats::p50Ms), 9), cell(single.map(LatencyStats::p99Ms), 9),
                    cell(profile.row(model.name(), maxBatch).map(ProfileRow::perItemMs), 14));
        }
    }

    /** A right-aligned figure, or a dash where the model does not take that batch size. */
    private static String cell(Optional<Double> ms, int width) {
        return ms.map(value -> String.format(Locale.ROOT, "%" + width + ".3f", value))
                .orElse(" ".repeat(width - 1) + "-");
    }
}
