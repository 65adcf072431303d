package org.mdinference.server.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Fuzzes the REST binding's request decoder as the server calls it (a body, and the
 * {@code Inference-Header-Content-Length} header when there is one), with {@link DecoderOracle}'s oracle. Every build
 * replays the committed seeds (src/test/resources, InferRequestFuzzTestInputs: requests as the SDK writes them, and
 * the malformed ones the unit tests refuse); {@code JAZZER_FUZZ=1} fuzzes one method at a time
 * (docs/reliability.md, "Fuzzed decoders").
 */
class InferRequestFuzzTest {

    private static final InferRequestDecoder DECODER = new InferRequestDecoder(new ObjectMapper(),
            DecoderOracle.TENSORS);
    private static final byte[] BEFORE_PARAMETERS = "{\"parameters\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AFTER_PARAMETERS = (",\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,28,28],"
            + "\"datatype\":\"FP32\",\"data\":" + Arrays.toString(new float[784]) + "}]}")
            .getBytes(StandardCharsets.UTF_8);

    /** A JSON body: tensors as JSON values, BYTES elements as base64. */
    @FuzzTest
    void jsonBody(byte[] body) {
        DecoderOracle.decodes(() -> DECODER.decode(body, OptionalInt.empty()));
    }

    /**
     * A body of the binary tensor extension: the first 4 bytes (big-endian) are the header's value, which may be any
     * int, as the server parses it; the rest is the body.
     */
    @FuzzTest
    void binaryBody(byte[] input) {
        if (input.length < 4) {
            return;
        }
        int jsonLength = ByteBuffer.wrap(input).getInt();
        byte[] body = Arrays.copyOfRange(input, 4, input.length);
        DecoderOracle.decodes(() -> DECODER.decode(body, OptionalInt.of(jsonLength)));
    }

    /** The zoo's parameters: the input is a request's {@code parameters} value, in a request whose tensor is fine. */
    @FuzzTest
    void zooParameters(byte[] parameters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(BEFORE_PARAMETERS);
        body.writeBytes(parameters);
        body.writeBytes(AFTER_PARAMETERS);
        DecoderOracle.decodes(() -> DECODER.decode(body.toByteArray(), OptionalInt.empty()));
    }
}
