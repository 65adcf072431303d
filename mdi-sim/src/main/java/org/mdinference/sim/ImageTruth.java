package org.mdinference.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every test image's truth for each model of a zoo: whether the model answers it right, and its confidence (its
 * top softmax probability), as {@code mdi zoo eval --per-image} measured them. With it the simulator draws each
 * request as an image, so that the device's answer and the cloud's are right or wrong about the same picture.
 * The arrays are this object's own; nothing changes them.
 */
public final class ImageTruth {

    /** One model's answers, image by image. */
    public record Answers(boolean[] right, double[] confidence) {

        public Answers {
            if (right.length != confidence.length) {
                throw new IllegalArgumentException("one confidence per answer, got " + right.length + " answers and "
                        + confidence.length + " confidences");
            }
            right = right.clone();
            confidence = confidence.clone();
        }

        /** The share of images answered right. */
        public double accuracy() {
            int n = 0;
            for (boolean r : right) {
                if (r) {
                    n++;
                }
            }
            return (double) n / right.length;
        }
    }

    private final Map<String, Answers> byModel;
    private final int images;

    /**
     * @param byModel each model's answers, all on the same images
     * @throws IllegalArgumentException when there is no model or no image, or models answered different numbers of
     *     images
     */
    public ImageTruth(Map<String, Answers> byModel) {
        if (byModel.isEmpty()) {
            throw new IllegalArgumentException("per-image truth needs at least one model");
        }
        this.byModel = new LinkedHashMap<>(byModel);
        this.images = byModel.values().iterator().next().right().length;
        if (images == 0) {
            throw new IllegalArgumentException("per-image truth needs at least one image");
        }
        this.byModel.forEach((name, answers) -> {
            if (answers.right().length != images) {
                throw new IllegalArgumentException("model " + name + " answered " + answers.right().length
                        + " images, others " + images);
            }
        });
    }

    public int images() {
        return images;
    }

    public List<String> models() {
        return new ArrayList<>(byModel.keySet());
    }

    public Optional<Answers> answers(String model) {
        return Optional.ofNullable(byModel.get(Objects.requireNonNull(model, "model")));
    }

    /** The answers of a model the simulation needs, or an error that names it and the models there are. */
    Answers required(String model) {
        return answers(model).orElseThrow(() -> new IllegalArgumentException("the per-image truth has no answers"
                + " of model " + model + "; it has " + byModel.keySet()));
    }
}
