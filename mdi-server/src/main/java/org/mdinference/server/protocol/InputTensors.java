package org.mdinference.server.protocol;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * An input tensor's checks, whatever the transport carried it in (REST's JSON or binary data, gRPC's typed contents
 * or raw contents), so that the same fault is refused with the same message over both: the shape, its size against
 * the server's limit, the datatype, and the number of values the shape asks for. Each refusal is an {@link
 * OipException#badRequest} naming the input. The shape is checked before its data are read, so that a few bytes
 * declaring a huge tensor allocate nothing.
 */
public final class InputTensors {

    public static final String FP32 = "FP32";
    public static final String BYTES = "BYTES";

    private final int maxElements;

    /** @param maxElements the most elements one input may hold: FP32 values, or BYTES elements (images) */
    public InputTensors(int maxElements) {
        if (maxElements < 1) {
            throw new IllegalArgumentException("max tensor elements must be at least 1, got " + maxElements);
        }
        this.maxElements = maxElements;
    }

    /**
     * The number of elements a shape holds.
     *
     * @throws OipException 400 for a negative dimension, or more elements than the limit
     */
    public int elements(String name, long[] shape) {
        BigInteger elements = BigInteger.ONE;
        for (long dim : shape) {
            if (dim < 0) {
                throw badShape(name, LongStream.of(shape).mapToObj(Long::toString)
                        .collect(Collectors.joining(",", "[", "]")));
            }
            elements = elements.multiply(BigInteger.valueOf(dim));
        }
        if (elements.compareTo(BigInteger.valueOf(maxElements)) > 0) {
            throw OipException.badRequest("input " + name + " is too large: its shape holds " + elements
                    + " elements, and this server takes at most " + maxElements + " (--max-tensor-elements)");
        }
        return elements.intValue();
    }

    /** The refusal of a shape that is not a list of non-negative integers, as the request wrote it. */
    static OipException badShape(String name, String written) {
        return OipException.badRequest("input " + name + " has shape " + written
                + "; each dimension must be a non-negative integer");
    }

    /** @throws OipException 400 unless the datatype is one the server takes */
    public static void checkDatatype(String name, String datatype) {
        if (!datatype.equals(FP32) && !datatype.equals(BYTES)) {
            throw OipException.badRequest("input " + name + " has datatype " + datatype
                    + "; the server takes FP32 tensors or BYTES (encoded images)");
        }
    }

    /**
     * A tensor from its raw little-endian bytes: FP32 values as they are, a BYTES element as a 4-byte length and its
     * bytes; every byte must belong to an element.
     *
     * @throws OipException 400 for another datatype, or bytes that do not make the shape's elements exactly
     */
    public InputTensor raw(String name, String datatype, long[] shape, ByteBuffer raw) {
        checkDatatype(name, datatype);
        int n = elements(name, shape);
        return datatype.equals(FP32) ? new InputTensor.Floats(name, shape, BinaryTensors.floats(raw, n, name))
                : new InputTensor.Bytes(name, shape, BinaryTensors.byteStrings(raw, n, name));
    }

    /** @throws OipException 400 unless there are as many values as the shape's elements */
    public InputTensor.Floats floats(String name, long[] shape, float[] values) {
        checkCount(name, elements(name, shape), values.length);
        return new InputTensor.Floats(name, shape, values);
    }

    /** @throws OipException 400 unless there are as many elements as the shape's */
    public InputTensor.Bytes byteStrings(String name, long[] shape, List<byte[]> elements) {
        checkCount(name, elements(name, shape), elements.size());
        return new InputTensor.Bytes(name, shape, elements);
    }

    /** @throws OipException 400 unless the data hold exactly as many values as the shape */
    static void checkCount(String name, int elements, int values) {
        if (values != elements) {
            throw OipException.badRequest("input " + name + " has a shape of " + elements + " elements, but its data"
                    + " holds " + values);
        }
    }
}
