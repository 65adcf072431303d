package org.mdinference.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mdinference.onnx.Evaluator;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.onnx.LoadedZoo;
import org.mdinference.onnx.ModelAccuracy;
import org.mdinference.onnx.ZooManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Measures the top-1 accuracy of every model of a zoo on a labelled test set, each image through"
                + " the model's own preprocessing from the manifest, and sets it beside the manifest's figure.", ""},
        footer = {"",
            "Examples:",
            "  mdi zoo eval",
            "  mdi zoo eval --zoo zoo/fashion --data /usr/share/datasets/fashion-mnist --limit 1000",
            "  mdi zoo eval --write          store the measured figures in zoo.json"})
final class ZooEvalCommand implements Callable<Integer> {

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

    @Option(names = "--threads", paramLabel = "T",
            description = "Intra-op threads per model (default: every core of this machine).")
    Integer threads;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + Evaluator.DEFAULT_BATCH,
            description = "Images per inference (default: ${DEFAULT-VALUE}).")
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

        List<ModelAccuracy> accuracies;
        try (LoadedZoo loaded = LoadedZoo.load(manifest, intraOp);
             ProgressBar progress = ProgressBar.on(spec.commandLine().getErr())) {
            accuracies = evaluator.evaluate(loaded, test, progress::update);
        }

        PrintWriter out = spec.commandLine().getOut();
        print(out, manifest, accuracies, test.size());
        if (write) {
            Map<String, Double> top1 = new LinkedHashMap<>();
            accuracies.forEach(a -> top1.put(a.model(), a.top1()));
            manifest.withTop1Written(top1);
            out.println("wrote the top-1 of " + top1.size() + " models to " + manifest.file());
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, ZooManifest manifest, List<ModelAccuracy> accuracies, int images) {
        out.printf("top-1 on %d images of %s:%n", images, data);
        out.printf("  %-24s %12s %16s %9s%n", "model", "top1 (Java)", "top1 (manifest)", "diff");
        for (ModelAccuracy accuracy : accuracies) {
            double recorded = manifest.model(accuracy.model()).orElseThrow().top1();
            out.printf("  %-24s %12.4f %16.4f %+9.4f%n", accuracy.model(), accuracy.top1(), recorded,
                    accuracy.top1() - recorded);
        }
    }
}
