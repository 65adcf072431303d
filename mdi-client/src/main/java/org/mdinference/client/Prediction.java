package org.mdinference.client;

/** A class and how sure the model is of it: the argmax of the logits and its softmax probability. */
final class Prediction {

    private final int label;
    private final double confidence;

    private Prediction(int label, double confidence) {
        this.label = label;
        this.confidence = confidence;
    }

    /**
     * @throws IllegalArgumentException when there are no logits or one is not a finite number: a model that
     *     answers NaN has not answered
     */
    static Prediction of(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("no logits: the model answered an empty output");
        }
        int best = 0;
        for (int c = 0; c < logits.length; c++) {
            if (!Float.isFinite(logits[c])) {
                throw new IllegalArgumentException("logit " + c + " is " + logits[c]);
            }
            if (logits[c] > logits[best]) {
                best = c;
            }
        }
        // softmax of the largest, shifted by it so that no exponential overflows
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - logits[best]);
        }
        return new Prediction(best, 1 / sum);
    }

    int label() {
        return label;
    }

    double confidence() {
        return confidence;
    }
}
