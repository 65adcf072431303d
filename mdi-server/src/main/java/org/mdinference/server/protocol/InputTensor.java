package org.mdinference.server.protocol;

/** One input of an inference request, decoded: FP32 values or BYTES elements (encoded images). */
public sealed interface InputTensor permits InputTensor.Floats, InputTensor.Bytes {

    String name();

    long[] shape();

    /** An FP32 tensor, values in row-major order. */
    record Floats(String name, long[] shape, float[] values) implements InputTensor {
    }

    /** A BYTES tensor: one byte string per element. */
    record Bytes(String name, long[] shape, java.util.List<byte[]> elements) implements InputTensor {
    }
}
