package org.mdinference.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;

/** The dashboard's JSON holds the very figures of {@code /metrics}, read from a live server after real traffic. */
class DashboardDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyFigureIsTheOneMetricsHas() throws Exception {
        try (MdiServer server = CommittedZooServer.start(ServerConfig.builder().warmUp(false).intraOpThreads(1))) {
            ZooTraffic traffic = new ZooTraffic(URI.create("http://127.0.0.1:" + server.port()));
            String zoo = server.service().zoo().name();
            traffic.zoo(zoo, 25);
            traffic.member("lenet5", 3);
            // no request in flight now: both reads see the same counts
            JsonNode data = JSON.readTree(traffic.get("/dashboard/data"));
            MetricsText metrics = new MetricsText(traffic.get("/metrics"));

            assertThat(data.get("zoo").asText()).isEqualTo(zoo);
            assertThat(data.get("members")).hasSize(server.service().zoo().members().size());
            double zooRequests = 0;
            for (JsonNode row : data.get("requests")) {
                Map<String, String> labels = Map.of("model", row.get("model").asText(), "outcome",
                        row.get("outcome").asText());
                assertThat(row.get("count").asDouble()).as("mdi_requests %s", labels)
                        .isEqualTo(metrics.sum("mdi_requests_total", labels));
                zooRequests += row.get("model").asText().equals(zoo) ? row.get("count").asDouble() : 0;
            }
            assertThat(zooRequests).isEqualTo(25);
            assertThat(data.get("chosen").size()).as("members the zoo picked, and none").isGreaterThan(2);
            for (JsonNode row : data.get("chosen")) {
                Map<String, String> labels = Map.of("model", row.get("model").asText(), "policy",
                        row.get("policy").asText());
                assertThat(row.get("count").asDouble()).as("mdi_zoo_chosen %s", labels)
                        .isEqualTo(metrics.sum("mdi_zoo_chosen_total", labels));
            }
            for (String kind : new String[] {"predicted", "actual"}) {
                assertThat(data.get("deadline_misses").get(kind).asDouble()).as(kind)
                        .isEqualTo(metrics.sum("mdi_deadline_misses_total", Map.of("kind", kind)));
            }
            // one in five budgets (0.001 ms) fits no member; a 3 ms one may fit none either, on a busy machine
            assertThat(data.get("deadline_misses").get("predicted").asDouble()).isGreaterThanOrEqualTo(5);
            histogram(data.get("budget_ms"), metrics, "mdi_zoo_budget_ms", Map.of(), 1.0);
            // one budget per decision: a request rerouted after a miss is decided again
            double decisions = 0;
            for (JsonNode row : data.get("chosen")) {
                decisions += row.get("count").asDouble();
            }
            assertThat(data.get("budget_ms").get("count").asDouble()).isEqualTo(decisions).isGreaterThanOrEqualTo(25);

            double ran = 0;
            for (JsonNode member : data.get("members")) {
                Map<String, String> model = Map.of("model", member.get("name").asText());
                histogram(member.get("inference_ms"), metrics, "mdi_inference_seconds", model, 1000.0);
                histogram(member.get("queue_wait_ms"), metrics, "mdi_queue_wait_seconds", model, 1000.0);
                histogram(member.get("batch_size"), metrics, "mdi_batch_size", model, 1.0);
                assertThat(member.get("available").asBoolean()).isEqualTo(
                        metrics.sum("mdi_member_available", model) == 1.0);
                assertThat(member.get("queue_items").asDouble()).isEqualTo(metrics.sum("mdi_queue_items", model));
                assertThat(member.get("failures").asDouble())
                        .isEqualTo(metrics.sum("mdi_member_failures_total", model));
                assertThat(member.get("profile_ms").get("mean").asDouble()).isPositive();
                assertThat(member.get("accuracy").asDouble()).isBetween(0.5, 1.0);
                ran += member.get("inference_ms").get("count").asDouble();
            }
            assertThat(ran).as("batches run: the zoo's served requests and the direct ones").isPositive();
        }
    }

    /** Count, sum and every bucket; {@code toJsonUnit} turns the exposition's unit into the JSON's. */
    private static void histogram(JsonNode histogram, MetricsText metrics, String name, Map<String, String> labels,
                                  double toJsonUnit) {
        assertThat(histogram.get("count").asDouble()).as("%s_count %s", name, labels)
                .isEqualTo(metrics.sum(name + "_count", labels));
        assertThat(histogram.get("sum").asDouble()).as("%s_sum %s", name, labels)
                .isCloseTo(metrics.sum(name + "_sum", labels) * toJsonUnit, within(1e-6));
        JsonNode le = histogram.get("le");
        assertThat(le.size()).isPositive();
        for (int i = 0; i < le.size(); i++) {
            double bound = le.get(i).asDouble() / toJsonUnit;
            double count = histogram.get("counts").get(i).asDouble();
            assertThat(count).as("%s_bucket %s le %s", name, labels, bound)
                    .isEqualTo(metrics.bucket(name + "_bucket", labels, bound));
        }
    }
}
