package org.mdinference.onnx;

import java.util.Arrays;
import java.util.Objects;

/**
 * One model's answer to every image of a labelled set, in the set's order: what it predicted and how sure it was.
 * The arrays are the record's own; read them, do not change them.
 *
 * @param labels        each image's true class
 * @param predicted     the model's top-1 class (the first on a tie, as numpy's argmax)
 * @param topProbability the largest softmax probability of its outputs
 * @param margin        the largest softmax probability less the second largest
 */
public record ModelPredictions(String model, int[] labels, int[] predicted, double[] topProbability,
                               double[] margin) {

    public ModelPredictions {
        Objects.requireNonNull(model, "model");
        int n = labels.length;
        if (predicted.length != n || topProbability.length != n || margin.length != n) {
            throw new IllegalArgumentException("predictions of " + model + " need one entry per image in every"
                    + " array, got " + n + " labels, " + predicted.length + " predictions, " + topProbability.length
                    + " probabilities and " + margin.length + " margins");
        }
    }

    public int size() {
        return labels.length;
    }

    public boolean correct(int image) {
        return predicted[image] == labels[image];
    }

    /** The top-1 these predictions make. */
    public ModelAccuracy accuracy() {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (correct(i)) {
                correct++;
            }
        }
        return new ModelAccuracy(model, correct, labels.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelPredictions p && model.equals(p.model) && Arrays.equals(labels, p.labels)
                && Arrays.equals(predicted, p.predicted) && Arrays.equals(topProbability, p.topProbability)
                && Arrays.equals(margin, p.margin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, Arrays.hashCode(predicted));
    }

    @Override
    public String toString() {
        return "ModelPredictions[" + model + ", " + labels.length + " images]";
    }
}
