package org.mdinference.server.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mdinference.protocol.OipNames;

/**
 * The binary tensor extension's data: after the JSON header, each binary input's raw little-endian bytes in input
 * order, as many as its {@value OipNames#BINARY_DATA_SIZE} parameter claims; FP32 values as they are, a BYTES
 * element as a 4-byte length and its bytes (Triton's layout). Every byte of a request must be claimed exactly; a
 * reply's outputs follow its header the same way.
 */
final class BinaryTensors {

    private BinaryTensors() {
    }

    /**
     * The next input's data, taken from {@code binary}; empty when the input's parameters claim none (its data are
     * in the JSON).
     */
    static Optional<ByteBuffer> take(Map<String, Object> parameters, ByteBuffer binary, String name) {
        Object size = parameters.get(OipNames.BINARY_DATA_SIZE);
        if (size == null) {
            return Optional.empty();
        }
        if (!(size instanceof Integer || size instanceof Long) || ((Number) size).longValue() < 0) {
            throw OipException.badRequest(OipNames.BINARY_DATA_SIZE + " of input " + name
                    + " must be a non-negative integer");
        }
        long bytes = ((Number) size).longValue();
        if (bytes > binary.remaining()) {
            throw OipException.badRequest("input " + name + " claims " + bytes + " bytes of binary data, but only "
                    + binary.remaining() + " are left in the body");
        }
        ByteBuffer slice = binary.slice().order(ByteOrder.LITTLE_ENDIAN).limit((int) bytes);
        binary.position(binary.position() + (int) bytes);
        return Optional.of(slice);
    }

    /** A reply's body: its JSON header, then each output's values as raw little-endian FP32, in output order. */
    static byte[] afterHeader(byte[] json, List<InferResponse.Output> outputs) {
        int bytes = 0;
        for (InferResponse.Output output : outputs) {
            bytes += 4 * output.values().length;
        }
        ByteBuffer body = ByteBuffer.allocate(json.length + bytes).order(ByteOrder.LITTLE_ENDIAN);
        body.put(json);
        for (InferResponse.Output output : outputs) {
            body.asFloatBuffer().put(output.values());
            body.position(body.position() + 4 * output.values().length);
        }
        return body.array();
    }

    static float[] floats(ByteBuffer raw, int elements, String name) {
        if (raw.remaining() != 4L * elements) {
            throw OipException.badRequest("input " + name + " needs " + 4L * elements + " bytes of FP32 data for its"
                    + " shape, got " + raw.remaining());
        }
        float[] values = new float[elements];
        raw.asFloatBuffer().get(values);
        return values;
    }

    static List<byte[]> byteStrings(ByteBuffer raw, int elements, String name) {
        // each element takes 4 bytes at least: a shape larger than the data must not size the list
        List<byte[]> strings = new ArrayList<>(Math.min(elements, raw.remaining() / 4));
        for (int i = 0; i < elements; i++) {
            if (raw.remaining() < 4) {
                throw OipException.badRequest("input " + name + " ends before its element " + i + "'s length");
            }
            int length = raw.getInt();
            if (length < 0 || length > raw.remaining()) {
                throw OipException.badRequest("element " + i + " of input " + name + " claims " + length
                        + " bytes, but " + raw.remaining() + " are left");
            }
            byte[] bytes = new byte[length];
            raw.get(bytes);
            strings.add(bytes);
        }
        if (raw.hasRemaining()) {
            throw OipException.badRequest("input " + name + " has " + raw.remaining()
                    + " bytes of binary data beyond its " + elements + " elements");
        }
        return strings;
    }
}
