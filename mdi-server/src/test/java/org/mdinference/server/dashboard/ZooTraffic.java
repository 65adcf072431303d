package org.mdinference.server.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;

/**
 * Real requests to a live server: the zoo's, with the test split's images, at budgets from one that no member fits
 * to a roomy one, so that the zoo picks several members and predicts some misses; and a few to a member directly.
 */
final class ZooTraffic {

    /**
     * The zoo's budgets, in turn: the first leaves 0.001 ms (sla_ms less elapsed_ms and return_ms), which no member
     * fits, however idle the machine; the others pick quicker or more accurate members.
     */
    static final List<Map<String, Object>> BUDGETS = List.of(
            Map.of("sla_ms", 10, "elapsed_ms", 4.9995, "return_ms", 4.9995), Map.of("sla_ms", 3),
            Map.of("sla_ms", 8), Map.of("sla_ms", 30), Map.of("sla_ms", 200));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final IdxDataset images = IdxDataset.testSplit(Committed.testSplit());
    private final URI base;
    private int next;

    ZooTraffic(URI base) {
        this.base = base;
    }

    /** Sends {@code n} zoo requests one after another; each must be answered 200. */
    void zoo(String zoo, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            send(zoo, BUDGETS.get(i % BUDGETS.size()));
        }
    }

    /** Sends {@code n} requests to a member by its own name. */
    void member(String member, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            send(member, Map.of());
        }
    }

    private void send(String model, Map<String, Object> parameters) throws Exception {
        List<Float> pixels = new ArrayList<>();
        for (float v : Committed.tensor(images, next++ % 100)) {
            pixels.add(v);
        }
        Map<String, Object> body = Map.of("parameters", parameters, "inputs", List.of(Map.of("name", "input",
                "datatype", "FP32", "shape", List.of(1, 1, 28, 28), "data", pixels)));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v2/models/" + model + "/infer"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException(model + " answered " + reply.statusCode() + ": " + reply.body());
        }
    }

    /** A GET's body; fails on any status but 200. */
    String get(String path) throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + reply.statusCode() + ": " + reply.body());
        }
        return reply.body();
    }
}
