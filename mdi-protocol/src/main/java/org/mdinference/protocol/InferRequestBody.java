package org.mdinference.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The body of an inference request of one input, as every sender of this project writes it: the SDK, the load
 * generator and the server's warm-up ({@link #builder}). In JSON, the input's data are in the JSON (FP32 values, or
 * a BYTES tensor's elements as base64 strings); with the binary tensor extension the body is a JSON header of
 * {@link #jsonLength} bytes ({@value OipNames#INFERENCE_HEADER_CONTENT_LENGTH}) and then the raw little-endian data
 * (a BYTES element as a 4-byte length and its bytes, as Triton lays it out). Raw data keep a body small, which
 * matters on a slow uplink: 4 bytes a float instead of up to 10 as text, an image its own size instead of a third
 * more as base64. Immutable.
 */
public final class InferRequestBody {

    private static final JsonFactory JSON = new JsonFactory();
    /** Characters of a rewritable {@code elapsed_ms}: enough for 99,999,999.999 ms. */
    private static final int SLOT_WIDTH = 12;
    private static final byte[] ELAPSED_KEY = ("\"" + OipNames.ELAPSED_MS + "\":").getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes;
    private final OptionalInt jsonLength;
    private final int elapsedAt;

    private InferRequestBody(byte[] bytes, OptionalInt jsonLength, int elapsedAt) {
        this.bytes = bytes;
        this.jsonLength = jsonLength;
        this.elapsedAt = elapsedAt;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The body's own bytes, not a copy (a request is sent many times, and copies cost): never change them. */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * The length of the JSON header, the value of {@value OipNames#INFERENCE_HEADER_CONTENT_LENGTH}, when binary data
     * follow it; empty for a body that is all JSON.
     */
    public OptionalInt jsonLength() {
        return jsonLength;
    }

    public String contentType() {
        return jsonLength.isPresent() ? "application/octet-stream" : "application/json";
    }

    /**
     * This body with another {@code elapsed_ms}, rewritten in place of the old one, for a request sent later than
     * planned: nothing is encoded again, and the body keeps its length.
     *
     * @throws IllegalStateException unless built with {@link Builder#rewritableElapsed}
     * @throws IllegalArgumentException when {@code ms} does not fit the slot
     */
    public InferRequestBody withElapsedMs(double ms) {
        if (elapsedAt < 0) {
            throw new IllegalStateException("this body's elapsed_ms was not written to be rewritten");
        }
        byte[] later = bytes.clone();
        byte[] slot = elapsedSlot(ms).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(slot, 0, later, elapsedAt, SLOT_WIDTH);
        return new InferRequestBody(later, jsonLength, elapsedAt);
    }

    /** A JSON number right-aligned in the slot, to the microsecond: the spaces before it are JSON whitespace. */
    static String elapsedSlot(double ms) {
        String text = String.format(Locale.ROOT, "%" + SLOT_WIDTH + ".3f", ms);
        if (text.length() != SLOT_WIDTH) {
            throw new IllegalArgumentException(OipNames.ELAPSED_MS + " " + ms + " does not fit in " + SLOT_WIDTH
                    + " characters");
        }
        return text;
    }

    /** Builds a body; {@link #build} checks that it has its one input. */
    public static final class Builder {
        private Optional<RequestParameters> parameters = Optional.empty();
        private String inputName;
        private long[] shape;
        private float[] floats;
        private List<byte[]> elements;
        private boolean binaryData;
        private final List<String> binaryOutputs = new ArrayList<>();
        private boolean rewritableElapsed;

        private Builder() {
        }

        /** The zoo's parameters; a member's own endpoint takes none. */
        public Builder parameters(RequestParameters parameters) {
            this.parameters = Optional.of(parameters);
            return this;
        }

        /**
         * The input: an FP32 tensor, values in row-major order.
         *
         * @throws IllegalArgumentException when the shape does not hold as many values
         */
        public Builder fp32Input(String name, long[] shape, float[] values) {
            checkCount(name, shape, values.length);
            this.inputName = name;
            this.shape = shape.clone();
            this.floats = values;
            this.elements = null;
            return this;
        }

        /**
         * The input: a BYTES tensor, one byte string (an encoded image) per element.
         *
         * @throws IllegalArgumentException when the shape does not hold as many elements
         */
        public Builder bytesInput(String name, long[] shape, List<byte[]> elements) {
            checkCount(name, shape, elements.size());
            this.inputName = name;
            this.shape = shape.clone();
            this.elements = Collections.unmodifiableList(new ArrayList<>(elements));
            this.floats = null;
            return this;
        }

        private static void checkCount(String name, long[] shape, int count) {
            long elements = 1;
            for (long dim : shape) {
                elements *= dim;
            }
            if (elements != count) {
                throw new IllegalArgumentException("input " + name + " has shape " + Arrays.toString(shape) + " of "
                        + elements + " elements, but " + count + " were given");
            }
        }

        /** The input's data as binary data after the JSON header (the binary tensor extension) instead of in it. */
        public Builder binaryData(boolean binary) {
            this.binaryData = binary;
            return this;
        }

        /** Asks for the named output as binary data after the reply's JSON header. */
        public Builder binaryOutput(String name) {
            binaryOutputs.add(name);
            return this;
        }

        /**
         * Writes {@code elapsed_ms} in a fixed-width slot, so that {@link #withElapsedMs} can change it without
         * encoding the request again; a few spaces more on the wire.
         */
        public Builder rewritableElapsed() {
            this.rewritableElapsed = true;
            return this;
        }

        /** @throws IllegalStateException when no input was given */
        public InferRequestBody build() {
            if (inputName == null) {
                throw new IllegalStateException("an inference request needs its input");
            }
            int payload = binaryData ? payloadBytes() : 0;
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try (JsonGenerator json = JSON.createGenerator(out)) {
                writeJson(json);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write JSON into memory", e);
            }
            int length = out.size();
            // the JSON, then the payload written straight into the body: one copy of the input per request
            byte[] body = Arrays.copyOf(out.toByteArray(), length + payload);
            if (binaryData) {
                ByteBuffer raw = ByteBuffer.wrap(body, length, payload).order(ByteOrder.LITTLE_ENDIAN);
                if (floats != null) {
                    raw.asFloatBuffer().put(floats);
                } else {
                    for (byte[] element : elements) {
                        raw.putInt(element.length).put(element);
                    }
                }
            }
            int elapsedAt = rewritableElapsed && parameters.isPresent() ? slotAt(body, length) : -1;
            return new InferRequestBody(body, binaryData ? OptionalInt.of(length) : OptionalInt.empty(), elapsedAt);
        }

        private int payloadBytes() {
            if (floats != null) {
                return 4 * floats.length;
            }
            int bytes = 0;
            for (byte[] element : elements) {
                bytes += 4 + element.length;
            }
            return bytes;
        }

        private void writeJson(JsonGenerator json) throws IOException {
            json.writeStartObject();
            if (parameters.isPresent()) {
                json.writeObjectFieldStart("parameters");
                parameters.get().writeFields(json, rewritableElapsed);
                json.writeEndObject();
            }
            json.writeArrayFieldStart("inputs");
            json.writeStartObject();
            json.writeStringField("name", inputName);
            json.writeArrayFieldStart("shape");
            for (long dim : shape) {
                json.writeNumber(dim);
            }
            json.writeEndArray();
            json.writeStringField("datatype", floats != null ? "FP32" : "BYTES");
            if (binaryData) {
                json.writeObjectFieldStart("parameters");
                json.writeNumberField(OipNames.BINARY_DATA_SIZE, payloadBytes());
                json.writeEndObject();
            } else {
                json.writeArrayFieldStart("data");
                if (floats != null) {
                    for (float value : floats) {
                        json.writeNumber(value);
                    }
                } else {
                    for (byte[] element : elements) {
                        json.writeBinary(element);
                    }
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndArray();
            if (!binaryOutputs.isEmpty()) {
                json.writeArrayFieldStart("outputs");
                for (String output : binaryOutputs) {
                    json.writeStartObject();
                    json.writeStringField("name", output);
                    json.writeObjectFieldStart("parameters");
                    json.writeBooleanField(OipNames.BINARY_DATA, true);
                    json.writeEndObject();
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }

        /** Where the slot starts: after the first {@code "elapsed_ms":}, the parameters' own, written first. */
        private static int slotAt(byte[] body, int jsonLength) {
            for (int at = 0; at + ELAPSED_KEY.length + SLOT_WIDTH <= jsonLength; at++) {
                int matched = 0;
                while (matched < ELAPSED_KEY.length && body[at + matched] == ELAPSED_KEY[matched]) {
                    matched++;
                }
                if (matched == ELAPSED_KEY.length) {
                    return at + matched;
                }
            }
            throw new IllegalStateException("no elapsed_ms slot in the encoded request");
        }
    }
}
