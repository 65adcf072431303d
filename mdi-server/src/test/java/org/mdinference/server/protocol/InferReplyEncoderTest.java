package org.mdinference.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mdinference.protocol.ReplyParameters;
import org.mdinference.protocol.ZooOutcome;

/** The encoder of replies, on exact outputs, and its parameters as mdi-protocol reads them back. */
class InferReplyEncoderTest {

    private final InferReplyEncoder encoder = new InferReplyEncoder(new ObjectMapper());

    @Test
    void repliesEncodeAsJsonOrAsAHeaderAndRawLittleEndianFloats() {
        InferResponse response = new InferResponse("m", Optional.of("r"), ReplyParameters.builder().model("m").build(),
                List.of(new InferResponse.Output("logits", new long[] {1, 2}, new float[] {0.5f, -1f})));
        EncodedReply json = encoder.encode(response, false);
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).isEqualTo("{\"model_name\":\"m\",\"id\":\"r\","
                + "\"parameters\":{\"model\":\"m\"},\"outputs\":[{\"name\":\"logits\",\"datatype\":\"FP32\","
                + "\"shape\":[1,2],\"data\":[0.5,-1.0]}]}");
        assertThat(json.contentType()).isEqualTo("application/json");
        EncodedReply binary = encoder.encode(response, true);
        int length = binary.jsonLength().orElseThrow();
        assertThat(new String(binary.body(), 0, length, StandardCharsets.UTF_8))
                .contains("\"parameters\":{\"binary_data_size\":8}").doesNotContain("\"data\"");
        ByteBuffer tail = ByteBuffer.wrap(binary.body(), length, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(tail.getFloat()).isEqualTo(0.5f);
        assertThat(tail.getFloat()).isEqualTo(-1f);
        assertThat(binary.body()).hasSize(length + 8);
        assertThat(binary.contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void theZoosParametersAreReadBackAsWritten() throws IOException {
        ReplyParameters served = ReplyParameters.builder().reroutedFrom("big").model("small")
                .outcome(ZooOutcome.SERVED).policy("mdinference").budgetMs(40.5).expectedQueueMs(1.25).queueMs(2)
                .inferenceMs(3).batchSize(4).serverMs(6.5).withinBudget(true).build();
        ReplyParameters none = ReplyParameters.builder().outcome(ZooOutcome.NO_MODEL_FITS).policy("greedy")
                .budgetMs(1.5).expectedQueueMs(0).expectedFinishMs(22).serverMs(0.25).build();
        for (ReplyParameters parameters : List.of(served, none, ReplyParameters.builder().queueMs(1).build())) {
            byte[] body = encoder.encode(new InferResponse("fashion", Optional.empty(), parameters, List.of()), false)
                    .body();
            assertThat(readBack(body)).isEqualTo(parameters);
        }
        assertThat(new String(encoder.encode(new InferResponse("fashion", Optional.empty(), none, List.of()), false)
                .body(), StandardCharsets.UTF_8)).contains("{\"model\":null,\"outcome\":\"no_model_fits\"");
    }

    private static ReplyParameters readBack(byte[] body) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(body)) {
            parser.nextToken();
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("parameters")) {
                    return ReplyParameters.read(parser);
                }
                parser.skipChildren();
            }
        }
        return ReplyParameters.NONE;
    }
}
