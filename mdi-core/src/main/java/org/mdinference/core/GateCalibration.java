package org.mdinference.core;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The threshold of a {@link ConfidenceGate}, fit for a target: the gate that keeps the most requests on the device
 * while its accuracy stays at most {@code maxLoss} below always offloading, on the calibration images. Fit it on
 * images other than those it is measured on (docs/reproduction.md fits on the first half of the test split and
 * measures on the second), since on its own images it meets the target by construction.
 *
 * @param gate        the gate fit
 * @param maxLoss     the accuracy loss allowed against always offloading, a fraction (0.005: half a point)
 * @param calibration what the gate does on the images it was fit on
 */
public record GateCalibration(ConfidenceGate gate, double maxLoss, GateOutcome calibration) {

    /** Slack for the sums of the loss test: counts compared with a fraction of them. */
    private static final double EPSILON = 1e-9;

    /**
     * Fits the gate: the device keeps the images it is most confident on, as many as the allowed loss lets it, and
     * never splits images of equal confidence (the gate cannot tell them apart).
     *
     * @param confidence  the device model's confidence on each image, a probability in [0, 1]
     * @param deviceRight whether the device model's answer on each image is right
     * @param cloudRight  whether the cloud's answer on each image is right: what always offloading gets
     * @param maxLoss     accuracy loss allowed, a fraction in [0, 1]
     * @throws IllegalArgumentException when the arrays are empty or of different lengths, a confidence is not a
     *     probability, or {@code maxLoss} is not in [0, 1]
     */
    public static GateCalibration fit(double[] confidence, boolean[] deviceRight, boolean[] cloudRight,
                                      double maxLoss) {
        checkSameImages(confidence, deviceRight, cloudRight);
        if (!(maxLoss >= 0 && maxLoss <= 1)) {
            throw new IllegalArgumentException("the accuracy loss allowed must be a fraction in [0, 1], got "
                    + maxLoss);
        }
        int n = confidence.length;
        Integer[] order = new Integer[n];
        int offloadRight = 0;
        for (int i = 0; i < n; i++) {
            if (!(confidence[i] >= 0 && confidence[i] <= 1)) {
                throw new IllegalArgumentException("confidence of image " + i + " must be a probability in [0, 1],"
                        + " got " + confidence[i]);
            }
            order[i] = i;
            if (cloudRight[i]) {
                offloadRight++;
            }
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> confidence[i]).reversed());

        // keeping the k most confident images on the device changes the right answers by the sum of their
        // (device - cloud); the largest k at a confidence boundary whose sum stays within the loss wins
        double floor = -maxLoss * n - EPSILON;
        int change = 0;
        int best = 0;
        for (int k = 1; k <= n; k++) {
            int image = order[k - 1];
            change += (deviceRight[image] ? 1 : 0) - (cloudRight[image] ? 1 : 0);
            boolean boundary = k == n || confidence[order[k]] < confidence[image];
            if (boundary && change >= floor) {
                best = k;
            }
        }
        ConfidenceGate gate = best == 0 ? ConfidenceGate.NEVER
                : best == n ? new ConfidenceGate(0) : new ConfidenceGate(confidence[order[best]]);
        return new GateCalibration(gate, maxLoss, GateOutcome.measure(gate, confidence, deviceRight, cloudRight));
    }

    static void checkSameImages(double[] confidence, boolean[] deviceRight, boolean[] cloudRight) {
        if (confidence.length == 0) {
            throw new IllegalArgumentException("a confidence gate needs at least one image");
        }
        if (deviceRight.length != confidence.length || cloudRight.length != confidence.length) {
            throw new IllegalArgumentException("a confidence gate needs one entry per image in every array, got "
                    + confidence.length + " confidences, " + deviceRight.length + " device and " + cloudRight.length
                    + " cloud answers");
        }
    }
}
