package org.mdinference.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mdinference.onnx.Evaluator;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.onnx.LoadedZoo;
import org.mdinference.onnx.ModelAccuracy;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ModelPredictions;
import org.mdinference.onnx.PerImageCsv;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.onnx.ZooProfile;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.remote.RemoteMemberException;
import org.mdinference.server.remote.RemoteMembers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Measures the top-1 accuracy of every model of a zoo on a labelled test set, each image through"
                + " the model's own preprocessing from the manifest, and sets it beside the manifest's figure.",
            "A member the manifest gives an endpoint instead of a file is measured through that endpoint: its"
                + " metadata is checked against the manifest, then the test set goes to its server in batches over"
                + " the Open Inference Protocol, each to the replica expected to answer first (see docs/zoo.md).", ""},
        footer = {"",
            "Examples:",
            "  mdi zoo eval",
            "  mdi zoo eval --zoo zoo/fashion --data /usr/share/datasets/fashion-mnist --limit 1000",
            "  mdi zoo eval --write          store the measured figures in zoo.json",
            "  mdi zoo eval --per-image zoo/fashion/per_image.csv.gz   every image's truth, for mdi simulate",
            "  mdi zoo eval --zoo front --batch 32   a zoo whose members are endpoints of other servers"})
final class ZooEvalCommand implements Callable<Integer> {

    /**
     * How long one batch sent to a remote member is waited for: long enough for a large batch of a large model on a
     * busy server, short enough that a server that hangs ends the command rather than stalls it.
     */
    private static final Duration REMOTE_BATCH_TIMEOUT = Duration.ofMinutes(2);

    @Spec
    CommandSpec spec;

    @Mixin
    ZooCommand.ZooFolder zoo;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/fashion-mnist",
            description = "The labelled test split: t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, gzipped or"
                    + " not (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N images (default: all).")
    Integer limit;

    @Option(names = "--write", description = "Store the measured top-1 figures in the manifest; needs the whole"
            + " test set.")
    boolean write;

    @Option(names = "--per-image", paramLabel = "FILE",
            description = {"Also write every image's prediction by every model, whether it is right, and its"
                    + " confidence (top softmax probability and its margin to the second) to FILE, one line per image"
                    + " and model; gzipped when FILE ends in .gz. mdi simulate --per-image draws its requests from"
                    + " it (docs/zoo.md, \"Per-image truth\")."})
    Path perImage;

    @Option(names = "--threads", paramLabel = "T",
            description = "Intra-op threads per model (default: every core of this machine).")
    Integer threads;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + Evaluator.DEFAULT_BATCH,
            description = "Images per inference (default: ${DEFAULT-VALUE}); for a remote member, images per"
                    + " request, which its server must take (its queue capacity and body limit).")
    int batch;

    @Override
    public Integer call() {
        if (limit != null) {
            ZooCommand.atLeastOne("--limit", limit);
            if (write) {
                throw new IllegalArgumentException("--write stores figures of the whole test set; drop --limit "
                        + limit);
            }
        }
        int intraOp = ZooCommand.atLeastOne("--threads",
                threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        Evaluator evaluator = new Evaluator(ZooCommand.atLeastOne("--batch", batch));
        ZooManifest manifest = zoo.manifest();
        IdxDataset test = IdxDataset.testSplit(data);
        if (limit != null) {
            test = test.first(limit);
        }

        List<ModelPredictions> predictions = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        try (LoadedZoo loaded = LoadedZoo.load(manifest, intraOp);
             RemoteMembers remote = new RemoteMembers(err::println)) {
            // every remote member connected and checked before the first model runs: a wrong endpoint fails at once
            List<Evaluator.Subject> subjects = new ArrayList<>();
            for (ModelEntry entry : manifest.models()) {
                subjects.add(entry.remote() ? remoteSubject(remote, entry)
                        : Evaluator.Subject.of(loaded.model(entry.name()).orElseThrow()));
            }
            try (ProgressBar progress = ProgressBar.on(err)) {
                for (Evaluator.Subject subject : subjects) {
                    predictions.add(evaluator.predict(subject, test, progress::update));
                }
            }
        } catch (RemoteMemberException e) {
            throw new UncheckedIOException("the evaluation through an endpoint failed", new IOException(
                    e.getMessage(), e));
        }

        List<ModelAccuracy> accuracies = predictions.stream().map(ModelPredictions::accuracy).toList();
        PrintWriter out = spec.commandLine().getOut();
        print(out, manifest, accuracies, test.size());
        if (write) {
            Map<String, Double> top1 = new LinkedHashMap<>();
            accuracies.forEach(a -> top1.put(a.model(), a.top1()));
            manifest.withTop1Written(top1);
            out.println("wrote the top-1 of " + top1.size() + " models to " + manifest.file());
        }
        if (perImage != null) {
            PerImageCsv.write(perImage, predictions);
            out.println("wrote the predictions of " + predictions.size() + " models on " + test.size()
                    + " images to " + perImage);
        }
        out.flush();
        return 0;
    }

    /**
     * A remote member as evaluation sees it: connected (its metadata checked against the manifest, a short probe),
     * each batch one call to its servers, as the front end's queue would make it.
     */
    private static Evaluator.Subject remoteSubject(RemoteMembers remote, ModelEntry entry) {
        // no profile rows and a max batch of 1: the probe times a few single items, not the evaluation's batch
        ServedModel member = remote.connect(entry, new ZooProfile(List.of()), 1);
        return new Evaluator.Subject(entry.name(), member.input(), member.preprocessor(),
                (batch, n) -> member.runner().run(batch, n, REMOTE_BATCH_TIMEOUT.toNanos()).outputs());
    }

    private void print(PrintWriter out, ZooManifest manifest, List<ModelAccuracy> accuracies, int images) {
        out.printf("top-1 on %d images of %s:%n", images, data);
        out.printf("  %-24s %12s %16s %9s%n", "model", "top1 (Java)", "top1 (manifest)", "diff");
        for (ModelAccuracy accuracy : accuracies) {
            ModelEntry entry = manifest.model(accuracy.model()).orElseThrow();
            out.printf("  %-24s %12.4f %16.4f %+9.4f%s%n", accuracy.model(), accuracy.top1(), entry.top1(),
                    accuracy.top1() - entry.top1(), entry.remote() ? "   through " + entry.endpoints().endpoints()
                            : "");
        }
    }
}
