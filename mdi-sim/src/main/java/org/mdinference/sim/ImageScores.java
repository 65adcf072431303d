package org.mdinference.sim;

import java.util.List;
import org.mdinference.core.Model;

/**
 * What each answer of a sweep that draws images scores: 1 when the model that answered got the request's image
 * right, else 0; and the device model's confidence on the image, for a gate. Indexed by pool position, so the
 * simulator's inner loop does no look-ups by name.
 */
final class ImageScores {

    private final boolean[][] cloudRight;
    private final ImageTruth.Answers device;

    private ImageScores(boolean[][] cloudRight, ImageTruth.Answers device) {
        this.cloudRight = cloudRight;
        this.device = device;
    }

    /** @throws IllegalArgumentException when the truth lacks a model of the pool or the device's */
    static ImageScores of(ImageTruth truth, SimulationSettings settings) {
        List<Model> pool = settings.pool().models();
        boolean[][] cloud = new boolean[pool.size()][];
        for (int m = 0; m < cloud.length; m++) {
            cloud[m] = truth.required(pool.get(m).name()).right();
        }
        // a sweep without a device model never scores a device answer: its place holds answers never read
        ImageTruth.Answers device = settings.device().map(model -> truth.required(model.name()))
                .orElse(new ImageTruth.Answers(new boolean[truth.images()], new double[truth.images()]));
        return new ImageScores(cloud, device);
    }

    double cloud(int model, int image) {
        return cloudRight[model][image] ? 1 : 0;
    }

    double device(int image) {
        return device.right()[image] ? 1 : 0;
    }

    double deviceConfidence(int image) {
        return device.confidence()[image];
    }
}
