package org.mdinference.core;

/**
 * What a {@link ConfidenceGate} does to a set of labelled images: how many the device answers alone, and how many
 * are answered right with the gate and by always offloading. Counts, so that two halves or two runs compare exactly.
 *
 * @param images       images measured
 * @param onDevice     of those, answered by the device alone
 * @param gatedRight   answered right with the gate: the device's answer where it answers alone, the cloud's elsewhere
 * @param offloadRight answered right by the cloud on every image
 */
public record GateOutcome(int images, int onDevice, int gatedRight, int offloadRight) {

    public GateOutcome {
        if (images < 1 || onDevice < 0 || onDevice > images || gatedRight < 0 || gatedRight > images
                || offloadRight < 0 || offloadRight > images) {
            throw new IllegalArgumentException("a gate's outcome needs 0 <= counts <= images >= 1, got " + onDevice
                    + " on the device, " + gatedRight + " and " + offloadRight + " right of " + images);
        }
    }

    /**
     * The gate on these images: {@code confidence[i]} is the device model's confidence on image i,
     * {@code deviceRight[i]} and {@code cloudRight[i]} whether the device's and the cloud's answers are right.
     *
     * @throws IllegalArgumentException when the arrays are empty or of different lengths
     */
    public static GateOutcome measure(ConfidenceGate gate, double[] confidence, boolean[] deviceRight,
                                      boolean[] cloudRight) {
        GateCalibration.checkSameImages(confidence, deviceRight, cloudRight);
        int onDevice = 0;
        int gatedRight = 0;
        int offloadRight = 0;
        for (int i = 0; i < confidence.length; i++) {
            boolean alone = gate.answersOnDevice(confidence[i]);
            if (alone) {
                onDevice++;
            }
            if (alone ? deviceRight[i] : cloudRight[i]) {
                gatedRight++;
            }
            if (cloudRight[i]) {
                offloadRight++;
            }
        }
        return new GateOutcome(confidence.length, onDevice, gatedRight, offloadRight);
    }

    public double gatedAccuracy() {
        return (double) gatedRight / images;
    }

    public double offloadAccuracy() {
        return (double) offloadRight / images;
    }

    /** The share of images the device answers alone: the cloud requests, and bytes sent, the gate saves. */
    public double onDeviceShare() {
        return (double) onDevice / images;
    }

    /** Accuracy lost to the gate, as a fraction: always offloading's accuracy less the gate's (negative: gained). */
    public double accuracyLoss() {
        return offloadAccuracy() - gatedAccuracy();
    }
}
