package org.mdinference.server.protocol;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What fuzzing the decoders found (InferRequestFuzzTest, GrpcRequestFuzzTest), each as the smallest request that
 * shows it: a server error or worse before its fix, a 400 that says why now.
 */
class DecoderFindingsTest {

    private final InferRequestDecoder decoder = new InferRequestDecoder(new ObjectMapper(), DecoderOracle.TENSORS);

    /** Jackson reads a body that starts with three zero bytes as UTF-32, whose reader throws no JSON exception. */
    @Test
    void aBodyThatIsNoUtf32ButStartsLikeItIsMalformedJson() {
        byte[] body = {0, 0, 0, '{', '"', 'i', 'n', 'p', 'u', 't', 's', '"'};

        assertThatThrownBy(() -> decoder.decode(body, OptionalInt.empty())).isInstanceOf(OipException.class)
                .hasMessageStartingWith("malformed JSON: Invalid UTF-32 character")
                .extracting(e -> ((OipException) e).status()).isEqualTo(400);
    }
}
