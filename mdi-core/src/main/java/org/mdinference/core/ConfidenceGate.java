package org.mdinference.core;

/**
 * The device's gate on offloading: when its own model's confidence in an answer (its top softmax probability) is
 * above the threshold, the device answers at once and sends nothing; otherwise it asks the cloud as without a gate.
 * The threshold comes from {@link GateCalibration#fit}, on images other than those it is measured on.
 *
 * @param threshold a probability in [0, 1]: 1 never answers on the device alone, 0 answers every request there
 *                  (a softmax probability is never 0)
 */
public record ConfidenceGate(double threshold) {

    /** The gate that always offloads: no confidence is above 1. */
    public static final ConfidenceGate NEVER = new ConfidenceGate(1);

    public ConfidenceGate {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("a confidence gate's threshold must be a probability in [0, 1], got "
                    + threshold);
        }
    }

    /** Whether the device answers alone, sending nothing, given its model's confidence in its answer. */
    public boolean answersOnDevice(double confidence) {
        return confidence > threshold;
    }
}
