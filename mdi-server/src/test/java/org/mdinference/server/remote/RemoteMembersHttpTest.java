package org.mdinference.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.model.ZooLoader;

/**
 * A front end whose members are served by other real servers over real HTTP: what it checks when it connects, how
 * it answers through them, and what it does when one dies and comes back.
 */
@Timeout(120)
class RemoteMembersHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IdxDataset TEST_SPLIT = IdxDataset.testSplit(Committed.testSplit());

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private MdiServer member(int port) throws Exception {
        MdiServer server = CommittedZooServer.start(ServerConfig.builder().warmUp(false), port);
        opened.add(server);
        return server;
    }

    /**
     * The committed zoo's {@code members}, each served at the given servers' same-named model, written as a front
     * end's zoo folder; {@code edit} may change each member's entry.
     */
    private Path frontEndZoo(List<String> members, List<MdiServer> servers, UnaryOperator<ObjectNode> edit)
            throws IOException {
        return frontEndZooAt(members, servers.stream().map(MdiServer::port).toList(), edit);
    }

    private Path frontEndZooAt(List<String> members, List<Integer> ports, UnaryOperator<ObjectNode> edit)
            throws IOException {
        ObjectNode zoo = (ObjectNode) JSON.readTree(Committed.zoo().resolve("zoo.json").toFile());
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode model : zoo.path("models")) {
            String name = model.path("name").asText();
            if (members.contains(name)) {
                ObjectNode entry = ((ObjectNode) model).deepCopy();
                entry.remove(List.of("file", "sha256"));
                entry.put("on_device", false);
                ArrayNode endpoints = entry.putArray("endpoint");
                ports.forEach(port -> endpoints.add("http://127.0.0.1:" + port + "/v2/models/" + name));
                kept.add(edit.apply(entry));
            }
        }
        zoo.set("models", kept);
        Path folder = Files.createDirectories(dir.resolve("front-" + opened.size()));
        JSON.writeValue(folder.resolve("zoo.json").toFile(), zoo);
        return folder;
    }

    private MdiServer frontEnd(Path zoo) throws Exception {
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).build();
        MdiServer server = new MdiServer(config, new ZooLoader(System::nanoTime).load(zoo, 1, config.maxBatch()));
        opened.add(server);
        server.start();
        server.awaitReady(Duration.ofMinutes(1));
        return server;
    }

    private JsonNode infer(MdiServer server, String model, int image, Map<String, Object> parameters)
            throws Exception {
        HttpResponse<String> reply = post(server, model, image, parameters);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    private HttpResponse<String> post(MdiServer server, String model, int image, Map<String, Object> parameters)
            throws Exception {
        float[] pixels = Committed.tensor(TEST_SPLIT, image);
        String body = JSON.writeValueAsString(Map.of("parameters", parameters, "inputs", List.of(Map.of(
                "name", "input", "datatype", "FP32", "shape", List.of(1, 1, 28, 28), "data", pixels))));
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v2/models/"
                        + model + "/infer")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFrontEndAnswersThroughItsMembersAsTheyWouldThemselves() throws Exception {
        MdiServer member = member(0);
        MdiServer front = frontEnd(frontEndZoo(List.of("lenet5", "resnet20_w32"), List.of(member), e -> e));

        JsonNode direct = infer(member, "resnet20_w32", 3, Map.of());
        JsonNode hop = infer(front, "resnet20_w32", 3, Map.of());
        JsonNode zoo = infer(front, "fashion", 3, Map.of("sla_ms", 500));

        assertThat(hop.path("outputs").get(0).path("data")).isEqualTo(direct.path("outputs").get(0).path("data"));
        assertThat(zoo.path("parameters").path("model").asText()).isEqualTo("resnet20_w32");
        assertThat(zoo.path("outputs").get(0).path("data")).isEqualTo(direct.path("outputs").get(0).path("data"));
        // the member's own queue is part of the wait the front end reports, its run part of the inference
        assertThat(hop.path("parameters").path("inference_ms").asDouble())
                .isGreaterThanOrEqualTo(direct.path("parameters").path("inference_ms").asDouble() * 0.5);
    }

    @Test
    void aMemberWhoseInputDiffersFromTheZoosIsRefusedByName() throws Exception {
        MdiServer member = member(0);
        Path zoo = frontEndZoo(List.of("lenet5"), List.of(member), entry -> {
            ((ArrayNode) entry.path("input").path("shape")).set(1, 3);
            ((ObjectNode) entry.path("preprocessing")).put("color", "rgb");
            return entry;
        });

        assertThatThrownBy(() -> new ZooLoader(System::nanoTime).load(zoo, 1, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member lenet5 (lenet5 at http://127.0.0.1:" + member.port())
                .hasMessageContaining("its input is input FP32 [-1, 1, 28, 28], but the zoo's is input FP32"
                        + " [-1, 3, 28, 28]; refusing a member with another contract");
    }

    @Test
    void aDeadMemberLeavesTheChoicesAtOnceAndReturnsWhenItsServerDoes() throws Exception {
        MdiServer member = member(0);
        int port = member.port();
        MdiServer front = frontEnd(frontEndZoo(List.of("resnet20_w32"), List.of(member), e -> e));
        assertThat(infer(front, "fashion", 1, Map.of("sla_ms", 500)).path("parameters").path("outputs"))
                .isNotNull();

        member.close();
        long killed = System.nanoTime();
        // the first request after the death fails its call, is decided again, and finds no member left
        JsonNode first = infer(front, "fashion", 1, Map.of("sla_ms", 500));
        assertThat(first.path("parameters").path("outcome").asText()).isEqualTo("no_model_fits");
        assertThat(first.path("parameters").path("rerouted_from").asText()).isEqualTo("resnet20_w32");
        // a request to the member itself gets an explicit error (its call's failure, 502) until the member is out
        HttpResponse<String> direct;
        do {
            direct = post(front, "resnet20_w32", 1, Map.of());
            assertThat(direct.statusCode()).as(direct.body()).isIn(502, 503);
        } while (direct.statusCode() != 503 && System.nanoTime() - killed < 5_000_000_000L);
        assertThat((System.nanoTime() - killed) / 1e6).isLessThan(1000);
        assertThat(direct.body()).contains("model resnet20_w32 is out of service");
        assertThat(direct.headers().firstValue("Retry-After")).isPresent();

        member(port);
        long restarted = System.nanoTime();
        JsonNode back;
        do {
            Thread.sleep(50);
            back = infer(front, "fashion", 1, Map.of("sla_ms", 500));
        } while (!back.path("parameters").path("outcome").asText().equals("served")
                && System.nanoTime() - restarted < 10_000_000_000L);
        assertThat(back.path("parameters").path("model").asText()).isEqualTo("resnet20_w32");
        assertThat((System.nanoTime() - restarted) / 1e6).isLessThan(2000);
    }

    @Test
    void eachRequestGoesToALiveReplica() throws Exception {
        MdiServer a = member(0);
        MdiServer b = member(0);
        MdiServer front = frontEnd(frontEndZoo(List.of("lenet5"), List.of(a, b), e -> e));

        a.close();
        for (int i = 0; i < 20; i++) {
            JsonNode reply = infer(front, "fashion", i, Map.of("sla_ms", 500));
            assertThat(reply.path("parameters").path("outcome").asText()).isEqualTo("served");
        }
    }
    @Test
    void aRemoteCallNeverOutlivesItsRequestsBudget() throws Exception {
        MdiServer member = member(0);
        MdiServer front = frontEnd(frontEndZoo(List.of("resnet20_w32_tta10"), List.of(member), e -> e));
        // the member's queue, filled by another client with batches of 32 items (about 0.7 s each), cannot start
        // the front end's requests within their budget
        float[] batch = new float[32 * 784];
        String big = JSON.writeValueAsString(Map.of("inputs", List.of(Map.of("name", "input", "datatype", "FP32",
                "shape", List.of(32, 1, 28, 28), "data", batch))));
        List<CompletableFuture<HttpResponse<String>>> floods = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            floods.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + member.port()
                    + "/v2/models/resnet20_w32_tta10/infer")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(100);
        try {
            for (String model : List.of("resnet20_w32_tta10", "fashion")) {
                long start = System.nanoTime();
                HttpResponse<String> reply = post(front, model, 2, Map.of("sla_ms", 150));
                double ms = (System.nanoTime() - start) / 1e6;
                // without the deadline the call would wait for the flood (two runs of 32 items, over a second);
                // with it, the reply comes at the budget, plus what two cores busy with the flood (and, on a shared
                // machine, with others' work: 434 ms seen) add to replying
                assertThat(ms).as(model + ": " + reply.body()).isLessThan(150 + 550);
                assertThat(reply.statusCode()).as(reply.body()).isIn(200, 504);
            }
        } finally {
            floods.forEach(f -> f.cancel(true));
        }
    }
    @Test
    void aMemberThatStartsAfterTheFrontEndJoinsOnceItAnswers() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path zoo = frontEndZooAt(List.of("resnet20_w32"), List.of(port), e -> e);
        assertThatThrownBy(() -> new ZooLoader(System::nanoTime).load(zoo, 1, 8))
                .hasMessageContaining("member resnet20_w32: no endpoint answers (cannot reach http://127.0.0.1:" + port)
                .hasMessageContaining("and the zoo's profile.csv has no rows of it to start from");

        // with the member's latency in the front end's profile.csv, the front end starts without it
        List<String> rows = Files.readAllLines(Committed.zoo().resolve("profile.csv")).stream()
                .filter(line -> line.startsWith("model,") || line.startsWith("resnet20_w32,")).toList();
        Files.write(zoo.resolve("profile.csv"), rows);
        MdiServer front = frontEnd(zoo);
        assertThat(infer(front, "fashion", 1, Map.of("sla_ms", 500)).path("parameters").path("outcome").asText())
                .isEqualTo("no_model_fits");

        MdiServer member = member(port);
        long started = System.nanoTime();
        JsonNode reply;
        do {
            Thread.sleep(50);
            reply = infer(front, "fashion", 1, Map.of("sla_ms", 500));
        } while (!reply.path("parameters").path("outcome").asText().equals("served")
                && System.nanoTime() - started < 10_000_000_000L);
        assertThat(reply.path("parameters").path("model").asText()).isEqualTo("resnet20_w32");
        assertThat(member.port()).isEqualTo(port);
    }
    @Test
    void aMemberIsReachedOverGrpcAsOverRestAndBothMayBeReplicas() throws Exception {
        MdiServer member = CommittedZooServer.start(ServerConfig.builder().warmUp(false).grpcPort(0));
        opened.add(member);
        String grpc = "grpc://127.0.0.1:" + member.grpcPort().getAsInt() + "/";
        MdiServer overGrpc = frontEnd(frontEndZooAt(List.of("resnet20_w32"), List.of(), entry ->
                entry.put("endpoint", grpc + "resnet20_w32")));
        MdiServer both = frontEnd(frontEndZoo(List.of("resnet20_w32"), List.of(member), entry -> {
            ((ArrayNode) entry.path("endpoint")).add(grpc + "resnet20_w32");
            return entry;
        }));

        JsonNode direct = infer(member, "resnet20_w32", 4, Map.of());
        for (MdiServer front : List.of(overGrpc, both)) {
            JsonNode zoo = infer(front, "fashion", 4, Map.of("sla_ms", 500));
            assertThat(zoo.path("parameters").path("model").asText()).isEqualTo("resnet20_w32");
            assertThat(zoo.path("outputs").get(0).path("data")).isEqualTo(direct.path("outputs").get(0).path("data"));
        }
    }
}
