package org.mdinference.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mdinference.core.GateTable;
import org.mdinference.onnx.GateCalibrator;
import org.mdinference.onnx.GateEntry;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ModelPredictions;
import org.mdinference.onnx.PerImageCsv;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.onnx.ZooSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "calibrate",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Calibrates the confidence gate of a zoo's on_device model and writes it into zoo.json (the"
                + " model's \"gate\"), from the zoo's per-image truth (mdi zoo eval --per-image): the SDK then answers"
                + " on the device alone, sending nothing, when its model's top softmax probability is above the"
                + " threshold of the target the app chose (docs/android.md).",
            "For each accuracy loss allowed, the threshold that keeps the most images on the device with the gated"
                + " accuracy at most that far below always offloading to the reference model, fit on the first half"
                + " of the images; beside it, the share answered on the device and the loss measured on the second"
                + " half, which the fit never saw. Every other key of zoo.json stays as it was, the files' SHA-256s"
                + " too; a signature (zoo.json.sig) no longer matches: sign again with mdi zoo sign.", ""},
        footer = {"",
            "Examples:",
            "  mdi zoo calibrate                                   the bundled zoo, its per_image.csv.gz",
            "  mdi zoo calibrate --zoo zoo/fashion --loss 0,0.5,1   three targets, in points",
            "",
            "More: docs/zoo.md, 'The device's gate'"})
final class ZooCalibrateCommand implements Callable<Integer> {

    /** Targets from no loss to two points: the app picks the largest not above its own. */
    static final String DEFAULT_LOSSES = "0,0.1,0.25,0.4,0.5,0.75,1,1.5,2";

    @Spec
    CommandSpec spec;

    @Mixin
    ZooCommand.ZooFolder zoo;

    @Option(names = "--per-image", paramLabel = "FILE",
            description = "The per-image truth of every model of the zoo, as mdi zoo eval --per-image writes it"
                    + " (default: per_image.csv.gz in the zoo's folder).")
    Path perImage;

    @Option(names = "--loss", paramLabel = "POINTS", split = ",", defaultValue = DEFAULT_LOSSES,
            description = "The accuracy losses allowed against always offloading, in points (0.5: half a point"
                    + " below), one row of thresholds each, in increasing order (default: ${DEFAULT-VALUE}).")
    List<Double> lossPoints;

    @Option(names = "--reference", paramLabel = "MODEL",
            description = "The model always offloading would ask (default: the zoo's most accurate model other than"
                    + " the on_device one, by the manifest's top1).")
    String reference;

    @Override
    public Integer call() {
        ZooManifest manifest = zoo.manifest();
        ModelEntry device = manifest.onDevice().orElseThrow(() -> new IllegalArgumentException("zoo "
                + manifest.name() + " (" + manifest.file() + ") marks no model on_device: only the device's model"
                + " has a gate"));
        String against = reference != null ? reference : manifest.models().stream()
                .filter(model -> !model.onDevice())
                .max(Comparator.comparingDouble(ModelEntry::top1))
                .orElseThrow(() -> new IllegalArgumentException("zoo " + manifest.name() + " has no model but the"
                        + " on_device one to offload to"))
                .name();
        Path truth = perImage != null ? perImage : manifest.directory().resolve("per_image.csv.gz");
        if (!Files.exists(truth)) {
            throw new IllegalArgumentException("the per-image truth " + truth + " does not exist: write it with mdi"
                    + " zoo eval --zoo " + zoo.path + " --per-image " + truth + ", or name it with --per-image");
        }
        List<Double> losses = new ArrayList<>();
        for (double points : lossPoints) {
            if (!(points >= 0 && points <= 100)) {
                throw new IllegalArgumentException("--loss takes points in [0, 100], got " + points);
            }
            losses.add(points / 100);
        }
        Map<String, ModelPredictions> answers = PerImageCsv.read(truth);
        GateEntry gate = GateCalibrator.calibrate(answers, device.name(), against, losses);
        manifest.withGateWritten(gate);

        PrintWriter out = spec.commandLine().getOut();
        print(out, device.name(), gate);
        out.println("wrote the gate of " + device.name() + " to " + manifest.file());
        Path signature = ZooSignature.file(manifest.file());
        if (Files.exists(signature)) {
            out.println("the signature " + signature + " no longer matches zoo.json: sign it again with mdi zoo sign"
                    + " --zoo " + zoo.path + " --key KEY");
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String device, GateEntry gate) {
        out.printf("confidence gate of %s against always offloading to %s, fit on images %d..%d, measured on %d..%d:%n",
                device, gate.reference(), gate.fitImages().from(), gate.fitImages().to() - 1,
                gate.measuredImages().from(), gate.measuredImages().to() - 1);
        out.printf("  %12s %10s %10s %12s %14s%n", "loss allowed", "threshold", "on device", "to the cloud",
                "loss measured");
        for (GateTable.Row row : gate.table().rows()) {
            out.printf("  %12.2f %10.6f %9.1f%% %11.1f%% %14.2f%n", 100 * row.maxLoss(), row.threshold(),
                    100 * row.onDeviceShare(), 100 * row.offloadShare(), 100 * row.measuredLoss());
        }
    }
}
