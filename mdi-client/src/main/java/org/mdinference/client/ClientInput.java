package org.mdinference.client;

import java.util.Arrays;

/**
 * One input to classify: an encoded image (PNG, JPEG), which the server and the device model each decode and
 * preprocess as their manifest says, or a float tensor already in the model's input layout. Immutable: the
 * factories copy what they are given, the accessors hand out copies.
 */
public final class ClientInput {

    /** What the input holds. */
    public enum Kind {
        /** Encoded image bytes, sent as a BYTES tensor of one element. */
        IMAGE,
        /** Floats with a shape, sent as an FP32 tensor. */
        TENSOR
    }

    private final Kind kind;
    private final byte[] image;
    private final float[] values;
    private final long[] shape;

    private ClientInput(Kind kind, byte[] image, float[] values, long[] shape) {
        this.kind = kind;
        this.image = image;
        this.values = values;
        this.shape = shape;
    }

    /**
     * An encoded image.
     *
     * @throws IllegalArgumentException when there are no bytes
     */
    public static ClientInput image(byte[] encoded) {
        if (encoded.length == 0) {
            throw new IllegalArgumentException("an encoded image needs at least one byte");
        }
        return new ClientInput(Kind.IMAGE, encoded.clone(), new float[0], new long[0]);
    }

    /**
     * A tensor of one item in the model's input layout, its batch dimension first: {@code [1, 1, 28, 28]} for the
     * Fashion zoo.
     *
     * @throws IllegalArgumentException when the shape's batch dimension is not 1, a dimension is not positive, or
     *     the shape does not hold exactly {@code values.length} elements
     */
    public static ClientInput tensor(float[] values, long... shape) {
        if (shape.length == 0 || shape[0] != 1) {
            throw new IllegalArgumentException("a tensor to classify is one item: its shape must start with the"
                    + " batch dimension 1, got " + Arrays.toString(shape));
        }
        long elements = 1;
        for (long dim : shape) {
            if (dim < 1) {
                throw new IllegalArgumentException("every dimension must be positive, got " + Arrays.toString(shape));
            }
            elements = Math.multiplyExact(elements, dim);
        }
        if (elements != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + elements
                    + " values, got " + values.length);
        }
        return new ClientInput(Kind.TENSOR, new byte[0], values.clone(), shape.clone());
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The encoded image's bytes.
     *
     * @throws IllegalStateException when this input is a tensor
     */
    public byte[] image() {
        require(Kind.IMAGE);
        return image.clone();
    }

    /**
     * The tensor's values, row-major.
     *
     * @throws IllegalStateException when this input is an image
     */
    public float[] values() {
        require(Kind.TENSOR);
        return values.clone();
    }

    /**
     * The tensor's shape, batch dimension (1) first.
     *
     * @throws IllegalStateException when this input is an image
     */
    public long[] shape() {
        require(Kind.TENSOR);
        return shape.clone();
    }

    /** The image bytes without a copy, for the request encoder; empty for a tensor. */
    byte[] imageBytes() {
        return image;
    }

    /** The tensor's values without a copy, for the request encoder; empty for an image. */
    float[] tensorValues() {
        return values;
    }

    /** The tensor's shape without a copy, for the request encoder; empty for an image. */
    long[] tensorShape() {
        return shape;
    }

    private void require(Kind wanted) {
        if (kind != wanted) {
            throw new IllegalStateException("this input is " + (kind == Kind.IMAGE ? "an image" : "a tensor")
                    + ", not " + (wanted == Kind.IMAGE ? "an image" : "a tensor") + "; ask kind() first");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.IMAGE ? "ClientInput[image, " + image.length + " bytes]"
                : "ClientInput[tensor " + Arrays.toString(shape) + "]";
    }
}
