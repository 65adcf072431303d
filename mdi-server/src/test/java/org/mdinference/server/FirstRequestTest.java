package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mdinference.onnx.Committed;
import org.mdinference.server.model.ServedZoo;

/**
 * The first zoo request after "ready" takes the path the warm-up took: it loads no class (a class loaded on the
 * request path is code that ran for the first time, with its linking and interpreted run). Its latency, and the
 * tenth's, are printed: on a shared machine a bound on them would test the machine, not the server.
 */
class FirstRequestTest {

    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    @Test
    void theFirstZooRequestAfterReadyLoadsNoClass() throws Exception {
        ServedZoo zoo = RealZoo.load(4);
        String request = HttpHarness.json(Map.of("parameters", Map.of("sla_ms", 5),
                "inputs", List.of(Map.of("name", "input", "shape", List.of(1, 1, 28, 28), "datatype", "FP32",
                        "data", Committed.tensor(RealZoo.testSplit(), 0)))));
        try (HttpHarness http = new HttpHarness(ServerConfig.builder().maxBatch(4).intraOpThreads(1), zoo)) {
            // the test's own client loads its classes for a POST and its reply on a request the server refuses
            assertThat(http.post("/v2/models/nope/infer", request).statusCode()).isEqualTo(404);
            long before = CLASSES.getTotalLoadedClassCount();

            HttpResponse<String> first = http.post("/v2/models/" + zoo.name() + "/infer", request);

            long loaded = CLASSES.getTotalLoadedClassCount() - before;
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            List<JsonNode> replies = new java.util.ArrayList<>(List.of(HttpHarness.json(first).path("parameters")));
            for (int i = 1; i < 10; i++) {
                replies.add(HttpHarness.json(http.post("/v2/models/" + zoo.name() + "/infer", request))
                        .path("parameters"));
            }
            for (int i : new int[] {0, 9}) {
                JsonNode reply = replies.get(i);
                System.out.printf("zoo request %d after ready: %s, server_ms %.3f (inference_ms %.3f), within its"
                                + " budget of %.1f ms: %s%n", i + 1, reply.path("model").asText(),
                        reply.path("server_ms").asDouble(), reply.path("inference_ms").asDouble(),
                        reply.path("budget_ms").asDouble(), reply.path("within_budget").asBoolean());
            }
            assertThat(loaded).as("classes loaded while serving the first zoo request").isZero();
        }
    }
}
