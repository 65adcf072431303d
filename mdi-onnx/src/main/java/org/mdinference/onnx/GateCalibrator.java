package org.mdinference.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mdinference.core.GateCalibration;
import org.mdinference.core.GateOutcome;
import org.mdinference.core.GateTable;

/**
 * The on-device model's {@link GateEntry} from a zoo's per-image truth ({@link PerImageCsv}): for each loss allowed,
 * the threshold {@link GateCalibration#fit} finds on the first half of the test images against always offloading to
 * the reference model, and what it does on the second half, which the fit never saw. The same halves as
 * {@code mdi simulate --gate} (docs/reproduction.md), so that its held-out figures are the manifest's.
 */
public final class GateCalibrator {

    private GateCalibrator() {
    }

    /**
     * @param perImage  every model's answers on every test image, by model name
     * @param device    the on-device model
     * @param reference the model always offloading would ask, usually the zoo's most accurate
     * @param maxLosses accuracy losses allowed, fractions, in increasing order
     * @throws IllegalArgumentException when the truth lacks either model, has fewer than two images, or the losses
     *     are not increasing fractions
     */
    public static GateEntry calibrate(Map<String, ModelPredictions> perImage, String device, String reference,
                                      List<Double> maxLosses) {
        ModelPredictions deviceAnswers = answers(perImage, device);
        ModelPredictions cloudAnswers = answers(perImage, reference);
        int n = deviceAnswers.size();
        if (n < 2) {
            throw new IllegalArgumentException("a gate is fit on one half of the images and measured on the other;"
                    + " the per-image truth has " + n);
        }
        GateEntry.Images fit = new GateEntry.Images(0, n / 2);
        GateEntry.Images measured = new GateEntry.Images(n / 2, n);
        boolean[] deviceRight = right(deviceAnswers);
        boolean[] cloudRight = right(cloudAnswers);
        List<GateTable.Row> rows = new ArrayList<>();
        for (double maxLoss : maxLosses) {
            GateCalibration calibration = GateCalibration.fit(slice(deviceAnswers.topProbability(), fit),
                    slice(deviceRight, fit), slice(cloudRight, fit), maxLoss);
            GateOutcome heldOut = GateOutcome.measure(calibration.gate(),
                    slice(deviceAnswers.topProbability(), measured), slice(deviceRight, measured),
                    slice(cloudRight, measured));
            rows.add(new GateTable.Row(maxLoss, calibration.gate().threshold(), heldOut.onDeviceShare(),
                    heldOut.accuracyLoss()));
        }
        return new GateEntry(GateEntry.SOFTMAX_TOP, reference, fit, measured, new GateTable(rows));
    }

    private static ModelPredictions answers(Map<String, ModelPredictions> perImage, String model) {
        ModelPredictions answers = perImage.get(model);
        if (answers == null) {
            throw new IllegalArgumentException("the per-image truth has no answers of model " + model + "; it has "
                    + perImage.keySet());
        }
        return answers;
    }

    private static boolean[] right(ModelPredictions answers) {
        boolean[] right = new boolean[answers.size()];
        for (int i = 0; i < right.length; i++) {
            right[i] = answers.correct(i);
        }
        return right;
    }

    private static double[] slice(double[] values, GateEntry.Images range) {
        return Arrays.copyOfRange(values, range.from(), range.to());
    }

    private static boolean[] slice(boolean[] values, GateEntry.Images range) {
        return Arrays.copyOfRange(values, range.from(), range.to());
    }
}
