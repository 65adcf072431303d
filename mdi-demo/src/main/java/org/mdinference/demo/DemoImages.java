package org.mdinference.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.mdinference.client.ClientInput;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.onnx.ImagePreprocessor;

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

    /**
     * {@code count} images of {@code data}, drawn without repetition with {@code seed}.
     *
     * @param members what turns an image into each zoo member's input: a {@code tensor} payload is made with it
     * @throws IllegalArgumentException for a {@code tensor} payload to a zoo whose members take different inputs
     */
    public static DemoImages sample(IdxDataset data, int count, DemoSettings.Payload payload,
                                    List<ImagePreprocessor> members, long seed) {
        if (count > data.size()) {
            throw new IllegalArgumentException("asked for " + count + " images; the test split has " + data.size());
        }
        return sample(data, 0, data.size(), count, payload, members, seed);
    }

    /**
     * {@code count} images of {@code data} among {@code from} (included) to {@code to} (excluded), drawn without
     * repetition with {@code seed}: for a gated demo, the test images the gate's thresholds were not fit on.
     *
     * @throws IllegalArgumentException for a range outside the test split or with fewer than {@code count} images,
     *     or as {@link #sample(IdxDataset, int, DemoSettings.Payload, List, long)}
     */
    public static DemoImages sample(IdxDataset data, int from, int to, int count, DemoSettings.Payload payload,
                                    List<ImagePreprocessor> members, long seed) {
        if (from < 0 || to > data.size() || from >= to) {
            throw new IllegalArgumentException("images " + from + ".." + (to - 1) + " are not within the test split's "
                    + data.size());
        }
        if (count > to - from) {
            throw new IllegalArgumentException("asked for " + count + " images; images " + from + ".." + (to - 1)
                    + " are " + (to - from));
        }
        List<Integer> all = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            all.add(i);
        }
        Collections.shuffle(all, new Random(seed));
        List<Integer> picked = List.copyOf(all.subList(0, count));
        ImagePreprocessor model = payload == DemoSettings.Payload.TENSOR ? shared(members) : null;
        List<ClientInput> inputs = new ArrayList<>(count);
        for (int image : picked) {
            inputs.add(payload == DemoSettings.Payload.PNG ? ClientInput.image(data.png(image))
                    : ClientInput.tensor(model.pixels(data.image(image)), model.input().forBatch(1)));
        }
        return new DemoImages(data, picked, inputs);
    }

    /**
     * The one preprocessing of every member: the server may hand a zoo request's tensor to any of them, so a tensor
     * made for one must be what the others take too.
     */
    private static ImagePreprocessor shared(List<ImagePreprocessor> members) {
        ImagePreprocessor first = members.get(0);
        for (ImagePreprocessor other : members) {
            if (!other.input().dims().equals(first.input().dims())
                    || !other.preprocessing().equals(first.preprocessing())) {
                throw new IllegalArgumentException("--payload tensor needs every member of the zoo to take the same"
                        + " input, but " + first.input().model() + " and " + other.input().model() + " differ;"
                        + " send --payload png, which each member preprocesses itself");
            }
        }
        return first;
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

    /** Image {@code k}'s index in the test split. */
    int testIndex(int k) {
        return picked.get(k);
    }

    /** The images device {@code device} of {@code devices} classifies: every devices-th, from its own index. */
    List<Integer> slice(int device, int devices) {
        List<Integer> slice = new ArrayList<>();
        for (int k = device; k < picked.size(); k += devices) {
            slice.add(k);
        }
        return slice;
    }
}
