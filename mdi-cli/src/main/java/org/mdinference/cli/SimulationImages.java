package org.mdinference.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mdinference.core.GateCalibration;
import org.mdinference.core.GateOutcome;
import org.mdinference.core.Model;
import org.mdinference.onnx.ModelPredictions;
import org.mdinference.onnx.PerImageCsv;
import org.mdinference.sim.ImageDraws;
import org.mdinference.sim.ImageTruth;
import org.mdinference.sim.SimulationSettings;

/**
 * {@code mdi simulate --per-image FILE [--gate]}: the file's truth for the simulator, and the gate's threshold fit on
 * the first half of its images against the cloud pool's most accurate model, the answer always offloading gets when
 * the network leaves time for it.
 */
final class SimulationImages {

    private SimulationImages() {
    }

    static ImageTruth read(Path file) {
        Map<String, ImageTruth.Answers> byModel = new LinkedHashMap<>();
        for (ModelPredictions model : PerImageCsv.read(file).values()) {
            boolean[] right = new boolean[model.size()];
            for (int i = 0; i < right.length; i++) {
                right[i] = model.correct(i);
            }
            byModel.put(model.model(), new ImageTruth.Answers(right, model.topProbability()));
        }
        return new ImageTruth(byModel);
    }

    /** The calibration half's fit, with what the threshold does on the other half, image by image. */
    record Gate(GateCalibration calibration, Model reference, GateOutcome holdOut) {
    }

    /**
     * @param maxLoss accuracy loss allowed against always offloading, a fraction
     * @throws IllegalArgumentException when the sweep has no device model, or the truth lacks its models
     */
    static Gate fit(ImageTruth truth, SimulationSettings settings, double maxLoss) {
        Model device = settings.device().orElseThrow(() -> new IllegalArgumentException(
                "--gate needs a device model: drop --no-duplication or name one with --on-device"));
        Model reference = settings.pool().mostAccurate();
        ImageTruth.Answers deviceAnswers = answers(truth, device.name());
        ImageTruth.Answers cloudAnswers = answers(truth, reference.name());
        ImageDraws first = ImageDraws.firstHalf(truth);
        ImageDraws second = ImageDraws.secondHalf(truth);
        GateCalibration calibration = GateCalibration.fit(slice(deviceAnswers.confidence(), first),
                slice(deviceAnswers.right(), first), slice(cloudAnswers.right(), first), maxLoss);
        GateOutcome holdOut = GateOutcome.measure(calibration.gate(), slice(deviceAnswers.confidence(), second),
                slice(deviceAnswers.right(), second), slice(cloudAnswers.right(), second));
        return new Gate(calibration, reference, holdOut);
    }

    static void print(PrintWriter out, Gate gate, String device, ImageTruth truth) {
        GateOutcome fit = gate.calibration().calibration();
        GateOutcome held = gate.holdOut();
        out.printf("confidence gate of %s: answers alone above %.6f, fit on images 0..%d for at most %.2f points"
                        + " below always offloading to %s%n", device, gate.calibration().gate().threshold(),
                fit.images() - 1, 100 * gate.calibration().maxLoss(), gate.reference().name());
        out.printf("  %-28s %9s %12s %12s %10s%n", "images", "on device", "gated acc.", "offload acc.", "loss");
        row(out, "fit (0.." + (fit.images() - 1) + ")", fit);
        row(out, "measured (" + fit.images() + ".." + (truth.images() - 1) + ")", held);
    }

    private static void row(PrintWriter out, String name, GateOutcome outcome) {
        out.printf("  %-28s %8.1f%% %11.2f%% %11.2f%% %+9.2f%n", name, 100 * outcome.onDeviceShare(),
                100 * outcome.gatedAccuracy(), 100 * outcome.offloadAccuracy(), 100 * outcome.accuracyLoss());
    }

    private static ImageTruth.Answers answers(ImageTruth truth, String model) {
        return truth.answers(model).orElseThrow(() -> new IllegalArgumentException("the per-image file has no"
                + " answers of model " + model + "; it has " + truth.models()));
    }

    private static double[] slice(double[] values, ImageDraws range) {
        return Arrays.copyOfRange(values, range.from(), range.to());
    }

    private static boolean[] slice(boolean[] values, ImageDraws range) {
        return Arrays.copyOfRange(values, range.from(), range.to());
    }
}
