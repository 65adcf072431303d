package org.mdinference.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What fuzzing the decoders found (InferRequestFuzzTest, GrpcRequestFuzzTest), each as the smallest request that
 * showed it: every one was a server error or worse before its fix, and is a 400 that says why now.
 */
class DecoderFindingsTest {

    private final InferRequestDecoder decoder = new InferRequestDecoder(new ObjectMapper());

    /** Jackson reads a body that starts with three zero bytes as UTF-32, whose reader throws no JSON exception. */
    @Test
    void aBodyThatIsNoUtf32ButStartsLikeItIsMalformedJson() {
        byte[] body = {0, 0, 0, '{', '"', 'i', 'n', 'p', 'u', 't', 's', '"'};

        assertThatThrownBy(() -> decoder.decode(body, OptionalInt.empty())).isInstanceOf(OipException.class)
                .hasMessageStartingWith("malformed JSON: Invalid UTF-32 character")
                .extracting(e -> ((OipException) e).status()).isEqualTo(400);
    }

    /** A BYTES shape of 2^31 - 1 elements over a few bytes once sized a list for all of them: OutOfMemoryError. */
    @Test
    void aBytesShapeOfBillionsOfElementsOverNoDataIsRefusedWithoutSizingForThem() {
        byte[] header = ("{\"inputs\":[{\"name\":\"input\",\"shape\":[2147483647],\"datatype\":\"BYTES\","
                + "\"parameters\":{\"binary_data_size\":4}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] body = ByteBuffer.allocate(header.length + 4).put(header).putInt(0).array();

        assertThatThrownBy(() -> decoder.decode(body, OptionalInt.of(header.length)))
                .isInstanceOf(OipException.class)
                .hasMessage("input input ends before its element 1's length");
        assertThat(InputTensors.raw("input", "BYTES", new long[] {0}, ByteBuffer.allocate(0)))
                .isInstanceOf(InputTensor.Bytes.class);
    }
}
