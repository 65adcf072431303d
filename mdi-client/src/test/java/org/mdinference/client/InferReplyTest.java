package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mdinference.protocol.ReplyParameters;
import org.mdinference.protocol.ZooOutcome;
import org.mdinference.server.protocol.InferReplyEncoder;
import org.mdinference.server.protocol.InferResponse;

/** Replies as the real server's codec writes them, and the garbage a broken server might send instead. */
class InferReplyTest {

    private static final InferReplyEncoder SERVER = new InferReplyEncoder(new ObjectMapper());

    private static byte[] fromServer(ReplyParameters parameters, List<InferResponse.Output> outputs) {
        return SERVER.encode(new InferResponse("fashion", Optional.empty(), parameters, outputs), false).body();
    }

    private static InferReply parse(String json) throws IOException {
        return InferReply.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAServedReplyAsTheServerWritesIt() throws IOException {
        ReplyParameters parameters = ReplyParameters.builder().model("resnet8_w16").outcome(ZooOutcome.SERVED)
                .policy("mdinference").budgetMs(87.25).expectedQueueMs(0).queueMs(0.01).inferenceMs(0.4).batchSize(1)
                .serverMs(0.75).withinBudget(true).build();
        float[] logits = {-1f, 2.5f, 0.5f, 2f};

        InferReply reply = InferReply.parse(fromServer(parameters,
                List.of(new InferResponse.Output("logits", new long[] {1, 4}, logits))));

        assertThat(reply.model()).hasValue("resnet8_w16");
        assertThat(reply.noModelFits()).isFalse();
        assertThat(reply.budgetMs()).hasValue(87.25);
        assertThat(reply.serverMs()).hasValue(0.75);
        assertThat(reply.prediction()).hasValueSatisfying(p -> {
            assertThat(p.label()).isEqualTo(1);
            double sum = Math.exp(-3.5) + 1 + Math.exp(-2) + Math.exp(-0.5);
            assertThat(p.confidence()).isCloseTo(1 / sum, within(1e-12));
        });
    }

    @Test
    void readsNoModelFitsAsTheServerWritesIt() throws IOException {
        ReplyParameters parameters = ReplyParameters.builder().outcome(ZooOutcome.NO_MODEL_FITS).policy("greedy")
                .budgetMs(1.5).expectedQueueMs(0).expectedFinishMs(22).serverMs(0.125).build();

        InferReply reply = InferReply.parse(fromServer(parameters, List.of()));

        assertThat(reply.noModelFits()).isTrue();
        assertThat(reply.model()).isEmpty();
        assertThat(reply.prediction()).isEmpty();
        assertThat(reply.serverMs()).hasValue(0.125);
        assertThat(reply.budgetMs()).hasValue(1.5);
    }

    @Test
    void aMembersOwnReplyWithoutZooParametersIsAnAnswerToo() throws IOException {
        InferReply reply = parse("{\"model_name\":\"linear\",\"outputs\":[{\"name\":\"logits\",\"shape\":[1,2],"
                + "\"data\":[0.1,0.9]}]}");
        assertThat(reply.prediction()).hasValueSatisfying(p -> assertThat(p.label()).isEqualTo(1));
        assertThat(reply.model()).isEmpty();
    }

    @Test
    void refusesWhatIsNoAnswer() {
        assertThatThrownBy(() -> parse("<html>502 Bad Gateway</html>")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("[1, 2]")).hasMessageContaining("not a JSON object: \"[1, 2]\"");
        assertThatThrownBy(() -> parse("{\"outputs\":[]}")).hasMessageContaining("no output");
        assertThatThrownBy(() -> parse("{\"outputs\":[{\"shape\":[2,2],\"data\":[1,2,3,4]}]}"))
                .hasMessageContaining("shape [2, 2]").hasMessageContaining("one item");
        assertThatThrownBy(() -> parse("{\"outputs\":[{\"shape\":[1,2],\"data\":[1,2,3]}]}"))
                .hasMessageContaining("3 values");
        assertThatThrownBy(() -> parse("{\"outputs\":[{\"shape\":[1,2],\"data\":[1,\"x\"]}]}"))
                .hasMessageContaining("not a flat array of numbers");
        assertThatThrownBy(() -> parse("{\"outputs\":[{\"data\":[1,2]}]}")).hasMessageContaining("lacks its shape");
        assertThatThrownBy(() -> parse("{\"outputs\":[7]}")).hasMessageContaining("not objects");
        assertThatThrownBy(() -> parse("{\"parameters\":{\"outcome\":\"maybe\"},\"outputs\":[]}"))
                .hasMessageContaining("\"maybe\"");
        assertThatThrownBy(() -> parse("{\"outputs\":[{\"shape\":[1,2],\"data\":[1,2]}"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("{\"outputs\":[{\"shape\":[1,2],\"data\":[1e39,2]}]}"))
                .hasMessageContaining("no prediction");
    }

    @Test
    void anErrorReplySaysItsMessageAndGarbageIsQuoted() {
        assertThat(InferReply.error("{\"error\":\"the server is warming its models up\"}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo("the server is warming its models up");
        assertThat(InferReply.error("<h1>Bad\n Gateway</h1>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("\"<h1>Bad Gateway</h1>\"");
        assertThat(InferReply.error(new byte[0])).isEqualTo("an empty body");
        assertThat(InferReply.error("x".repeat(500).getBytes(StandardCharsets.UTF_8))).hasSize(2 + 120 + 3);
    }
}
