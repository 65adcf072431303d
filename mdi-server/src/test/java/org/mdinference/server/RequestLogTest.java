package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.server.metrics.RequestLog;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.model.ServedZoo;
import org.junit.jupiter.api.Test;

/** {@code --request-log}: one JSON line per request the server answered, whatever the outcome; none for warm-up. */
class RequestLogTest {

    @Test
    void eachRequestIsOneJsonLineWithItsModelStatusAndTimings() throws Exception {
        ServedZoo zoo = RealZoo.load(4);
        IdxDataset images = RealZoo.testSplit();
        String request = HttpHarness.json(Map.of("parameters", Map.of("sla_ms", 5000),
                "inputs", List.of(Map.of("name", "input", "shape", List.of(1, 1, 28, 28), "datatype", "FP32",
                        "data", Committed.tensor(images, 0)))));
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        RequestLog log = RequestLog.jsonLines(new PrintStream(written, true, StandardCharsets.UTF_8), HttpHarness.JSON);
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).maxBatch(4).build();
        try (HttpHarness http = new HttpHarness(new MdiServer(config, zoo, System::nanoTime, Thread::new, log), true)) {
            assertThat(http.post("/v2/models/" + zoo.name() + "/infer", request).statusCode()).isEqualTo(200);
            assertThat(http.post("/v2/models/" + zoo.name() + "/infer", "{not json").statusCode()).isEqualTo(400);
            assertThat(http.post("/v2/models/nope/infer", request).statusCode()).isEqualTo(404);
        }

        List<JsonNode> lines = written.toString(StandardCharsets.UTF_8).lines().map(RequestLogTest::parse).toList();
        assertThat(lines).as("the warm-up's requests are not logged").hasSize(3);
        Set<String> members = zoo.members().stream().map(ServedModel::name).collect(Collectors.toSet());
        JsonNode served = lines.get(0);
        assertThat(served.path("status").asInt()).isEqualTo(200);
        assertThat(members).contains(served.path("model").asText());
        assertThat(served.path("outcome").asText()).isEqualTo("served");
        assertThat(served.path("budget_ms").asDouble()).isEqualTo(5000.0);
        assertThat(served.path("server_ms").asDouble()).isPositive();
        assertThat(served.path("within_budget").asBoolean()).isTrue();
        assertThat(lines.get(1).path("model").asText()).isEqualTo(zoo.name());
        assertThat(lines.get(1).path("status").asInt()).isEqualTo(400);
        assertThat(lines.get(2).path("model").asText()).isEqualTo("unknown");
        assertThat(lines.get(2).path("status").asInt()).isEqualTo(404);
    }

    private static JsonNode parse(String line) {
        try {
            return HttpHarness.JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }
}
