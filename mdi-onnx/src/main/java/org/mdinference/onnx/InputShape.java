package org.mdinference.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A model's input shape once its manifest entry and the model's own metadata agree: the batch dimension comes
 * first and is -1 when any batch size goes, every other dimension is fixed. Fixing them at load time lets every
 * request be checked in Java, so native code never sees a tensor of the wrong size.
 */
public record InputShape(String model, List<Long> dims) {

    public InputShape {
        dims = List.copyOf(dims);
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("input of " + model + " needs at least a batch dimension");
        }
        for (int axis = 1; axis < dims.size(); axis++) {
            if (dims.get(axis) < 1) {
                throw new IllegalArgumentException("input of " + model + " has shape " + dims
                        + "; every dimension but the batch must be fixed (give it in the manifest's input.shape)");
            }
        }
    }

    /**
     * The shape the manifest declares, with each dimension it leaves open (-1) taken from the model's metadata,
     * which the caller has checked to agree with it.
     */
    static InputShape resolve(String model, TensorSpec declared, long[] metadata) {
        List<Long> dims = new ArrayList<>();
        for (int axis = 0; axis < metadata.length; axis++) {
            long ours = declared.shape().get(axis);
            dims.add(ours != -1 ? ours : metadata[axis] > 0 ? metadata[axis] : -1);
        }
        return new InputShape(model, dims);
    }

    /** Floats in one item of a batch. */
    public int itemElements() {
        long elements = 1;
        for (int axis = 1; axis < dims.size(); axis++) {
            elements *= dims.get(axis);
        }
        return Math.toIntExact(elements);
    }

    /** Whether the model takes a batch of n items: any n of at least one, unless the model fixes its batch size. */
    public boolean acceptsBatch(int n) {
        return n >= 1 && (dims.get(0) == -1 || dims.get(0) == n);
    }

    /** The full shape of a batch of n items. */
    public long[] forBatch(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a batch for " + model + " needs at least one item, got " + n);
        }
        if (!acceptsBatch(n)) {
            throw new IllegalArgumentException("model " + model + " takes batches of " + dims.get(0) + " only, got " + n);
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        shape[0] = n;
        return shape;
    }

    /**
     * {@code n} items of this input, uniform values in [0, 1) drawn from {@code seed}: for warm-ups, profiles and
     * load tests, where only the shape matters and every run should see the same values.
     */
    public float[] seededItems(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n * itemElements()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return values;
    }

    /** Refuses a tensor whose shape or element count is not a batch of this input. */
    public void check(long[] shape, int elements) {
        boolean fits = shape.length == dims.size() && shape[0] >= 1 && shape[0] <= Integer.MAX_VALUE
                && acceptsBatch((int) shape[0]);
        for (int axis = 1; fits && axis < dims.size(); axis++) {
            fits = shape[axis] == dims.get(axis);
        }
        if (!fits) {
            throw new IllegalArgumentException("input of " + model + " must have shape " + described()
                    + ", got " + Arrays.toString(shape));
        }
        long needed = shape[0] * itemElements();
        if (needed != elements) {
            throw new IllegalArgumentException("input of " + model + " with shape " + Arrays.toString(shape)
                    + " needs " + needed + " values, got " + elements);
        }
    }

    /** The shape with N for a batch dimension of any size, as error messages show it. */
    public String described() {
        List<String> shown = new ArrayList<>();
        shown.add(dims.get(0) == -1 ? "N" : dims.get(0).toString());
        dims.subList(1, dims.size()).forEach(d -> shown.add(d.toString()));
        return "[" + String.join(", ", shown) + "]";
    }
}
