package org.mdinference.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Measures top-1 accuracy: every image of a labelled set through a model's preprocessing and the model, in batches.
 * The model may run here ({@link OnnxModel}) or on another server: the evaluation needs only its input, its
 * preprocessing and something that runs a batch of it ({@link Subject}).
 */
public final class Evaluator {

    public static final int DEFAULT_BATCH = 256;

    /** Runs one batch of n items laid out one after another and returns each item's output. */
    @FunctionalInterface
    public interface BatchInference {
        float[][] run(float[] batch, int n);
    }

    /**
     * A model as evaluation sees it.
     *
     * @param input        its input, whose first dimension says which batch sizes it takes
     * @param preprocessor what turns an image of the data set into one item of that input
     * @param inference    what runs a batch: {@code OnnxModel::run}, or a call to the server that serves it
     */
    public record Subject(String name, InputShape input, ImagePreprocessor preprocessor, BatchInference inference) {

        public Subject {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(preprocessor, "preprocessor");
            Objects.requireNonNull(inference, "inference");
        }

        /** A model loaded here, run by ONNX Runtime. */
        public static Subject of(OnnxModel model) {
            return new Subject(model.name(), model.input(), model.preprocessor(), model::run);
        }
    }

    private final int batchSize;

    /** @param batchSize images per inference, for models that take any batch size */
    public Evaluator(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** The top-1 accuracy of every model of a zoo loaded here, in zoo order, each reporting its batches done. */
    public List<ModelAccuracy> evaluate(LoadedZoo zoo, IdxDataset data, Progress progress) {
        List<ModelAccuracy> accuracies = new ArrayList<>();
        for (OnnxModel model : zoo.models()) {
            accuracies.add(evaluate(model, data, progress));
        }
        return accuracies;
    }

    public ModelAccuracy evaluate(OnnxModel model, IdxDataset data, Progress progress) {
        return evaluate(Subject.of(model), data, progress);
    }

    /**
     * @throws IllegalArgumentException when the data set is empty, the model takes a fixed batch other than 1, or a
     *     label is beyond the model's outputs
     */
    public ModelAccuracy evaluate(Subject model, IdxDataset data, Progress progress) {
        return predict(model, data, progress).accuracy();
    }

    /**
     * Every image's prediction and confidence, for {@code mdi zoo eval --per-image}: the same run as
     * {@link #evaluate}, kept image by image.
     *
     * @throws IllegalArgumentException as {@link #evaluate(Subject, IdxDataset, Progress)}
     */
    public ModelPredictions predict(Subject model, IdxDataset data, Progress progress) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot evaluate " + model.name() + " on an empty data set");
        }
        int batch = batchFor(model);
        ImagePreprocessor preprocessor = model.preprocessor();
        int itemElements = model.input().itemElements();
        int batches = (data.size() + batch - 1) / batch;
        int[] labels = new int[data.size()];
        int[] predicted = new int[data.size()];
        double[] top = new double[data.size()];
        double[] margin = new double[data.size()];
        for (int b = 0; b < batches; b++) {
            int first = b * batch;
            int n = Math.min(batch, data.size() - first);
            float[] inputs = new float[n * itemElements];
            for (int i = 0; i < n; i++) {
                System.arraycopy(preprocessor.pixels(data.image(first + i)), 0, inputs, i * itemElements,
                        itemElements);
            }
            float[][] outputs = model.inference().run(inputs, n);
            if (outputs.length != n) {
                throw new IllegalArgumentException("model " + model.name() + " returned " + outputs.length
                        + " outputs for a batch of " + n);
            }
            for (int i = 0; i < n; i++) {
                int image = first + i;
                labels[image] = data.label(image);
                if (labels[image] >= outputs[i].length) {
                    throw new IllegalArgumentException("image " + image + " has label " + labels[image]
                            + ", but model " + model.name() + " has only " + outputs[i].length + " outputs");
                }
                predicted[image] = argmax(outputs[i]);
                double[] two = topTwoProbabilities(outputs[i]);
                top[image] = two[0];
                margin[image] = two[0] - two[1];
            }
            progress.update(model.name(), b + 1, batches);
        }
        return new ModelPredictions(model.name(), labels, predicted, top, margin);
    }

    private int batchFor(Subject model) {
        if (model.input().acceptsBatch(batchSize)) {
            return batchSize;
        }
        if (model.input().acceptsBatch(1)) {
            return 1;
        }
        throw new IllegalArgumentException("model " + model.name() + " takes only batches of "
                + model.input().dims().get(0) + "; evaluation needs batches of 1 or of any size");
    }

    /**
     * The largest and the second largest softmax probability of a model's outputs, taken as logits (every model of
     * the bundled zoo ends in its logits). In double, from the largest logit down, so that a confident model's top
     * probability keeps its distance from 1 as far as a double can tell it.
     */
    static double[] topTwoProbabilities(float[] logits) {
        if (logits.length < 2) {
            return new double[] {1, 0};
        }
        int best = argmax(logits);
        int second = best == 0 ? 1 : 0;
        for (int i = 0; i < logits.length; i++) {
            if (i != best && logits[i] > logits[second]) {
                second = i;
            }
        }
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp((double) logit - logits[best]);
        }
        return new double[] {1 / sum, Math.exp((double) logits[second] - logits[best]) / sum};
    }

    /** The index of the largest value, the first one on a tie (as numpy's argmax, which the trainers use). */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
