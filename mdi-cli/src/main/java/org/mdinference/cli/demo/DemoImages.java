package org.mdinference.cli.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.mdinference.client.ClientInput;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.onnx.Pixels;

/**
 * The labelled images of a demo: a seeded sample of the test split, each ready as what a device sends, and the
 * slice of them each device classifies.
 */
public final class DemoImages {

    private final IdxDataset data;
    private final List<Integer> picked;
    private final List<ClientInput> inputs;

    private DemoImages(IdxDataset data, List<Integer> picked, List<ClientInput> inputs) {
        this.data = data;
        this.picked = picked;
        this.inputs = inputs;
    }

    /** {@code count} images of {@code data}, drawn without repetition with {@code seed}. */
    public static DemoImages sample(IdxDataset data, int count, DemoSettings.Payload payload, long seed) {
        if (count > data.size()) {
            throw new IllegalArgumentException("asked for " + count + " images; the test split has " + data.size());
        }
        List<Integer> all = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            all.add(i);
        }
        Collections.shuffle(all, new Random(seed));
        List<Integer> picked = List.copyOf(all.subList(0, count));
        List<ClientInput> inputs = new ArrayList<>(count);
        for (int image : picked) {
            inputs.add(payload == DemoSettings.Payload.PNG ? ClientInput.image(data.png(image)) : tensor(data, image));
        }
        return new DemoImages(data, picked, inputs);
    }

    int size() {
        return picked.size();
    }

    ClientInput input(int k) {
        return inputs.get(k);
    }

    int label(int k) {
        return data.label(picked.get(k));
    }

    /** The images device {@code device} of {@code devices} classifies: every devices-th, from its own index. */
    List<Integer> slice(int device, int devices) {
        List<Integer> slice = new ArrayList<>();
        for (int k = device; k < picked.size(); k += devices) {
            slice.add(k);
        }
        return slice;
    }

    /** The image as the zoo's models take it: [1, 1, rows, columns], pixel / 255. */
    private static ClientInput tensor(IdxDataset data, int image) {
        Pixels pixels = data.image(image);
        int rows = data.imageSize().height();
        int columns = data.imageSize().width();
        float[] values = new float[rows * columns];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                values[y * columns + x] = pixels.get(y, x, 0) / 255f;
            }
        }
        return ClientInput.tensor(values, 1, 1, rows, columns);
    }
}
