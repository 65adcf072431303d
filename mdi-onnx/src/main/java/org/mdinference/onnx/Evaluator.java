package org.mdinference.onnx;

import java.util.ArrayList;
import java.util.List;

/** Measures top-1 accuracy: every image of a labelled set through a model's preprocessing and the model, in batches. */
public final class Evaluator {

    public static final int DEFAULT_BATCH = 256;

    private final int batchSize;

    /** @param batchSize images per inference, for models that take any batch size */
    public Evaluator(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** The top-1 accuracy of every model of a zoo, in zoo order, each model reporting its batches done. */
    public List<ModelAccuracy> evaluate(LoadedZoo zoo, IdxDataset data, Progress progress) {
        List<ModelAccuracy> accuracies = new ArrayList<>();
        for (OnnxModel model : zoo.models()) {
            accuracies.add(evaluate(model, data, progress));
        }
        return accuracies;
    }

    public ModelAccuracy evaluate(OnnxModel model, IdxDataset data, Progress progress) {
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
            float[][] outputs = model.run(inputs, n);
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

    private int batchFor(OnnxModel model) {
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
