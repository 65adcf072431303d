package org.mdinference.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The reply parameters as the server writes them and the SDK and the load generator read them. */
class ReplyParametersTest {

    private static final JsonFactory JSON = new JsonFactory();

    private static ReplyParameters read(String json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            return ReplyParameters.read(parser);
        }
    }

    @Test
    void aServedZooReplyKeepsTheWireOrder() {
        ReplyParameters served = ReplyParameters.builder().reroutedFrom("big").model("small")
                .outcome(ZooOutcome.SERVED).policy("mdinference").budgetMs(40).expectedQueueMs(1.5).queueMs(2)
                .inferenceMs(3).batchSize(4).serverMs(6.5).withinBudget(true).arrivalChance(0.75)
                .expectedAccuracy(0.6).build();
        assertThat(served.toMap().keySet()).containsExactly("rerouted_from", "model", "outcome", "policy",
                "budget_ms", "expected_queue_ms", "queue_ms", "inference_ms", "batch_size", "server_ms",
                "within_budget", "arrival_chance", "expected_accuracy");
        assertThat(served.toMap()).containsEntry("outcome", "served").containsEntry("batch_size", 4)
                .containsEntry("budget_ms", 40.0).containsEntry("within_budget", true);
    }

    @Test
    void noModelFitsSaysSoWithANullModel() {
        ReplyParameters none = ReplyParameters.builder().outcome(ZooOutcome.NO_MODEL_FITS).policy("greedy")
                .budgetMs(1.5).expectedQueueMs(0).expectedFinishMs(22).serverMs(0.25).build();
        assertThat(none.toMap().keySet()).containsExactly("model", "outcome", "policy", "budget_ms",
                "expected_queue_ms", "expected_finish_ms", "server_ms");
        assertThat(none.toMap()).containsEntry("model", null).containsEntry("outcome", "no_model_fits");
        assertThat(ReplyParameters.builder().queueMs(1).build().toMap()).containsOnlyKeys("queue_ms");
        assertThat(ReplyParameters.NONE.toMap()).isEmpty();
    }

    @Test
    void readsWhatTheServerWrites() throws IOException {
        ReplyParameters read = read("{\"model\":\"resnet8_w16\",\"outcome\":\"served\",\"policy\":\"mdinference\","
                + "\"budget_ms\":87.25,\"expected_queue_ms\":0.0,\"queue_ms\":0.01,\"inference_ms\":0.4,"
                + "\"batch_size\":1,\"server_ms\":0.75,\"within_budget\":true,\"rerouted_from\":\"big\","
                + "\"arrival_chance\":0.96875,\"expected_accuracy\":0.875}");
        assertThat(read).isEqualTo(ReplyParameters.builder().reroutedFrom("big").model("resnet8_w16")
                .outcome(ZooOutcome.SERVED).policy("mdinference").budgetMs(87.25).expectedQueueMs(0).queueMs(0.01)
                .inferenceMs(0.4).batchSize(1).serverMs(0.75).withinBudget(true).arrivalChance(0.96875)
                .expectedAccuracy(0.875).build());
        assertThat(read.arrivalChance()).hasValue(0.96875);
        assertThat(read.expectedAccuracy()).hasValue(0.875);
        ReplyParameters none = read("{\"model\":null,\"outcome\":\"no_model_fits\",\"expected_finish_ms\":22}");
        assertThat(none.model()).isEmpty();
        assertThat(none.outcome()).hasValue(ZooOutcome.NO_MODEL_FITS);
        assertThat(none.expectedFinishMs()).hasValue(22.0);
    }

    @Test
    void skipsWhatItDoesNotKnowAndRefusesAnUnknownOutcome() throws IOException {
        ReplyParameters read = read("{\"server_ms\":\"fast\",\"extra\":{\"a\":[1,2]},\"model\":7,"
                + "\"batch_size\":1.5,\"queue_ms\":2}");
        assertThat(read).isEqualTo(ReplyParameters.builder().queueMs(2).build());
        assertThatThrownBy(() -> read("{\"outcome\":\"maybe\"}")).isInstanceOf(IOException.class)
                .hasMessage("the reply's outcome is \"maybe\", neither served nor no_model_fits");
        assertThatThrownBy(() -> read("[1]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> read("{\"queue_ms\":1")).isInstanceOf(IOException.class);
        assertThat(Arrays.asList(ZooOutcome.values())).extracting(ZooOutcome::wireName)
                .containsExactly("served", "no_model_fits");
    }
}
