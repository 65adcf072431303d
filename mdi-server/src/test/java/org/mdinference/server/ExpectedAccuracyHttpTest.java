package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdinference.core.Policies;
import org.mdinference.core.TimeSpread;
import org.mdinference.server.model.ServedModel;

/**
 * A real server on the real zoo: what its replies and its metrics say of each policy's expected accuracy, and the
 * runs it keeps of each member. One server for this class alone, so that its counts are exactly these requests.
 */
class ExpectedAccuracyHttpTest {

    /** More than the runs a batch size needs before its runs describe it (32). */
    private static final int SERVED = 40;

    private static HttpHarness http;
    private static String zoo;
    private static ServedModel best;

    @BeforeAll
    static void start() {
        http = new HttpHarness(ServerConfig.builder().maxBatch(4).intraOpThreads(1).warmUp(false),
                RealZoo.load(4));
        zoo = http.server.service().zoo().name();
        best = http.server.service().zoo().members().stream()
                .max(Comparator.comparingDouble(ServedModel::accuracy)).orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
    }

    private static JsonNode infer(Map<String, Object> parameters) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("parameters", parameters);
        request.put("inputs", List.of(Map.of("name", "input", "shape", List.of(1, 1, 28, 28), "datatype", "FP32",
                "data", new float[28 * 28])));
        HttpResponse<String> reply = http.post("/v2/models/" + zoo + "/infer", HttpHarness.json(request));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return HttpHarness.json(reply).path("parameters");
    }

    /** The value of a Prometheus sample of this name with these labels, in the order Micrometer writes them. */
    private static double sample(String metrics, String name, String policy) {
        Matcher line = Pattern.compile("^" + name + "\\{policy=\"" + Pattern.quote(policy) + "\",zoo=\""
                + Pattern.quote(zoo) + "\"} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertThat(line.find()).as("%s of %s in%n%s", name, policy, metrics).isTrue();
        return Double.parseDouble(line.group(1));
    }

    @Test
    void repliesAndMetricsTellEachPolicysExpectedAccuracyAndTheServerKeepsTheRuns() {
        for (int i = 0; i < SERVED; i++) {
            JsonNode reply = infer(Map.of("sla_ms", 5000, "policy", "static-accuracy", "min_accuracy", 0.5));
            assertThat(reply.path("model").asText()).isEqualTo(best.name());
            // 5 s for a run of a millisecond: certain, and the device's 0.5 never needed
            assertThat(reply.path("arrival_chance").asDouble()).isEqualTo(1.0);
            assertThat(reply.path("expected_accuracy").asDouble()).isCloseTo(best.accuracy(), within(1e-12));
        }
        JsonNode none = infer(Map.of("sla_ms", 10, "elapsed_ms", 5, "return_ms", 5));
        assertThat(none.path("outcome").asText()).isEqualTo("no_model_fits");
        assertThat(none.has("arrival_chance")).as("nothing ran: no chance to tell").isFalse();

        TimeSpread runs = http.server.service().profiles().of(best.name(), 1);
        assertThat(runs.size()).as("the best member's %d lone runs, as 32 quantiles", SERVED).isEqualTo(32);
        assertThat(http.server.service().profiles().zoo().model(best.name()).orElseThrow().latency().runs())
                .isEqualTo(runs);

        String metrics = http.get("/metrics").body();
        for (String policy : Policies.NAMES) {
            assertThat(sample(metrics, "mdi_expected_effective_accuracy_count", policy)).as(policy)
                    .isEqualTo(SERVED + 1);
        }
        // the served policy by its own decisions, and every other in shadow: the most accurate member every time
        // but the last, when nothing fits and nothing counts
        assertThat(sample(metrics, "mdi_expected_effective_accuracy_sum", "static-accuracy"))
                .isCloseTo(SERVED * best.accuracy(), within(1e-9));
        assertThat(sample(metrics, "mdi_expected_effective_accuracy_sum", "greedy"))
                .isCloseTo(SERVED * best.accuracy(), within(1e-9));
    }
}
