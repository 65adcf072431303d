package org.mdinference.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * A zoo request in the binary tensor extension of the Open Inference Protocol (docs/protocol.md): a JSON header of
 * {@value #HEADER_LENGTH} bytes with the parameters and the input's description, then the input's raw data. An
 * image is a BYTES tensor of one element, laid out as Triton does (a 4-byte little-endian length, then the bytes); a
 * tensor is FP32, little-endian. Raw data keeps the body small, which matters on a slow uplink: 4 bytes a float
 * instead of up to 10 as JSON text, an image its own size instead of a third more as base64. The reply's outputs
 * are left as JSON, the default: ten logits are small.
 */
final class InferRequestBody {

    static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    private static final JsonFactory JSON = new JsonFactory();
    /** The one input's name; the server does not check it (a model has one input). */
    private static final String INPUT_NAME = "input";

    private final byte[] bytes;
    private final int jsonLength;

    private InferRequestBody(byte[] bytes, int jsonLength) {
        this.bytes = bytes;
        this.jsonLength = jsonLength;
    }

    /** Bytes of the input's raw data, the part of the body that does not depend on the parameters. */
    static int payloadBytes(ClientInput input) {
        return input.kind() == ClientInput.Kind.IMAGE ? 4 + input.imageBytes().length
                : 4 * input.tensorValues().length;
    }

    /** The body of a request to the zoo with these parameters (docs/protocol.md, "The zoo endpoint"). */
    static InferRequestBody encode(ClientInput input, double slaMs, double elapsedMs, double returnMs,
                                   Optional<String> policy, double minAccuracy) {
        int payload = payloadBytes(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("parameters");
            json.writeNumberField("sla_ms", slaMs);
            json.writeNumberField("elapsed_ms", elapsedMs);
            json.writeNumberField("return_ms", returnMs);
            if (policy.isPresent()) {
                json.writeStringField("policy", policy.get());
            }
            if (!Double.isNaN(minAccuracy)) {
                json.writeNumberField("min_accuracy", minAccuracy);
            }
            json.writeEndObject();
            json.writeArrayFieldStart("inputs");
            json.writeStartObject();
            json.writeStringField("name", INPUT_NAME);
            json.writeArrayFieldStart("shape");
            if (input.kind() == ClientInput.Kind.IMAGE) {
                json.writeNumber(1);
            } else {
                for (long dim : input.tensorShape()) {
                    json.writeNumber(dim);
                }
            }
            json.writeEndArray();
            json.writeStringField("datatype", input.kind() == ClientInput.Kind.IMAGE ? "BYTES" : "FP32");
            json.writeObjectFieldStart("parameters");
            json.writeNumberField("binary_data_size", payload);
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON into memory", e);
        }
        int jsonLength = out.size();
        // the JSON header, then the payload written straight into the body: one copy of the input per request
        byte[] body = Arrays.copyOf(out.toByteArray(), jsonLength + payload);
        ByteBuffer raw = ByteBuffer.wrap(body, jsonLength, payload).order(ByteOrder.LITTLE_ENDIAN);
        if (input.kind() == ClientInput.Kind.IMAGE) {
            raw.putInt(input.imageBytes().length).put(input.imageBytes());
        } else {
            raw.asFloatBuffer().put(input.tensorValues());
        }
        return new InferRequestBody(body, jsonLength);
    }

    byte[] bytes() {
        return bytes;
    }

    /** Length of the JSON header, the value of {@value #HEADER_LENGTH}. */
    int jsonLength() {
        return jsonLength;
    }
}
