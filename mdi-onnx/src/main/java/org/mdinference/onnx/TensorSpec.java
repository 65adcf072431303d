package org.mdinference.onnx;

import java.util.List;
import java.util.Objects;

/**
 * A model input or output as the manifest declares it: its name, its shape with -1 for a dimension of any size
 * (the batch, usually), and its element type in Open Inference Protocol spelling ({@code FP32}).
 */
public record TensorSpec(String name, List<Long> shape, String datatype) {

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(datatype, "datatype");
        shape = List.copyOf(shape);
        if (shape.isEmpty()) {
            throw new IllegalArgumentException("tensor " + name + " needs a shape with at least one dimension");
        }
        for (long dim : shape) {
            if (dim != -1 && dim < 1) {
                throw new IllegalArgumentException("tensor " + name + " has dimension " + dim
                        + " in shape " + shape + "; each must be positive, or -1 for any size");
            }
        }
    }
}
