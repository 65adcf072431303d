package org.mdinference.sim;

import java.util.Objects;

/**
 * Which images a simulation's requests are: those of {@code truth} from {@code from} (inclusive) to {@code to}
 * (exclusive), in shuffled rounds, each image once a round, so that every image is drawn equally often and a run of
 * whole rounds measures exactly the images' own accuracy.
 */
public record ImageDraws(ImageTruth truth, int from, int to) {

    public ImageDraws {
        Objects.requireNonNull(truth, "truth");
        if (from < 0 || to > truth.images() || from >= to) {
            throw new IllegalArgumentException("images to draw must be a non-empty range of the " + truth.images()
                    + " images, got " + from + ".." + to);
        }
    }

    /** Every image. */
    public static ImageDraws all(ImageTruth truth) {
        return new ImageDraws(truth, 0, truth.images());
    }

    /** The first half, where a gate is fit. */
    public static ImageDraws firstHalf(ImageTruth truth) {
        return new ImageDraws(truth, 0, truth.images() / 2);
    }

    /** The second half, where a gate fit on the first is measured (the larger half when the count is odd). */
    public static ImageDraws secondHalf(ImageTruth truth) {
        return new ImageDraws(truth, truth.images() / 2, truth.images());
    }

    public int size() {
        return to - from;
    }
}
