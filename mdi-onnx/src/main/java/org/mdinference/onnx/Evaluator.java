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
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot evaluate " + model.name() + " on an empty data set");
        }
        int batch = batchFor(model);
        ImagePreprocessor preprocessor = model.preprocessor();
        int itemElements = model.input().itemElements();
        int batches = (data.size() + batch - 1) / batch;
        int correct = 0;
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
                int label = data.label(first + i);
                if (label >= outputs[i].length) {
                    throw new IllegalArgumentException("image " + (first + i) + " has label " + label + ", but model "
                            + model.name() + " has only " + outputs[i].length + " outputs");
                }
                if (argmax(outputs[i]) == label) {
                    correct++;
                }
            }
            progress.update(model.name(), b + 1, batches);
        }
        return new ModelAccuracy(model.name(), correct, data.size());
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
