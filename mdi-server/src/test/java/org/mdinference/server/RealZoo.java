package org.mdinference.server;

import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.server.model.ZooLoader;
import org.mdinference.server.model.ServedZoo;

/**
 * The repository's own zoo ({@code zoo/fashion}: real ONNX models under ONNX Runtime) and the labelled Fashion-MNIST
 * test split ({@code data/fashion-mnist}), as mdi-onnx's {@link Committed} finds them, and the inputs the tests
 * build from its images.
 */
final class RealZoo {

    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;

    private RealZoo() {
    }

    /** The zoo on ONNX Runtime, one thread per inference, profiled (or read from its profile.csv) up to maxBatch. */
    static ServedZoo load(int maxBatch) {
        return new ZooLoader(System::nanoTime).load(Committed.zoo(), 1, maxBatch);
    }

    static IdxDataset testSplit() {
        return IdxDataset.testSplit(Committed.testSplit());
    }

    /** Images one after another, as one batch. */
    static float[] batch(IdxDataset data, int... images) {
        float[] values = new float[images.length * PIXELS];
        for (int k = 0; k < images.length; k++) {
            System.arraycopy(Committed.tensor(data, images[k]), 0, values, k * PIXELS, PIXELS);
        }
        return values;
    }
}
