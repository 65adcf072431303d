package org.mdinference.client;

import java.nio.file.Path;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;

/**
 * The repository's zoo ({@code zoo/fashion}) and the labelled Fashion-MNIST test split ({@code data/fashion-mnist}),
 * found above the working directory, and the test images as a device would send them.
 */
final class Fashion {

    static final int SIDE = 28;

    private static final IdxDataset TEST_SPLIT = IdxDataset.testSplit(Committed.testSplit());

    private Fashion() {
    }

    static Path zoo() {
        return Committed.zoo();
    }

    static int label(int i) {
        return TEST_SPLIT.label(i);
    }

    /** Test image i as an 8-bit grey PNG, encoded by javax.imageio as a camera app's would be. */
    static ClientInput png(int i) {
        return ClientInput.image(TEST_SPLIT.png(i));
    }

    /** Test image i as the zoo's models take it: [1, 1, 28, 28], pixel / 255. */
    static ClientInput tensor(int i) {
        return ClientInput.tensor(Committed.tensor(TEST_SPLIT, i), 1, 1, SIDE, SIDE);
    }
}
