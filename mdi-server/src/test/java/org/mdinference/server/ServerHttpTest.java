package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdinference.core.Model;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.Evaluator;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.server.model.ServedModel;

/**
 * The real server with the repository's real zoo on ONNX Runtime, on a loopback port, called over HTTP with real
 * Fashion-MNIST test images; replies checked against the OIP schema, classes against the labels and logits against
 * the same model run in-process.
 */
class ServerHttpTest {

    /** Test images the most accurate model gets right, found in the first {@value #SEARCHED} of the split. */
    private static final int HANDFUL = 6;
    private static final int SEARCHED = 64;
    private static final int MAX_BATCH = 4;
    private static final long MAX_BODY = 256 * 1024;

    private static HttpHarness http;
    private static IdxDataset images;
    private static String zoo;
    private static ServedModel best;
    private static int[] rightByBest;

    @BeforeAll
    static void start() {
        http = new HttpHarness(ServerConfig.builder().maxBatch(MAX_BATCH).maxBodyBytes(MAX_BODY).intraOpThreads(1)
                .warmUp(false), RealZoo.load(MAX_BATCH));
        images = RealZoo.testSplit();
        zoo = http.server.service().zoo().name();
        best = http.server.service().zoo().members().stream()
                .max(Comparator.comparingDouble(ServedModel::accuracy)).orElseThrow();
        int[] all = new int[SEARCHED];
        for (int i = 0; i < SEARCHED; i++) {
            all[i] = i;
        }
        float[][] logits = best.runner().run(RealZoo.batch(images, all), SEARCHED);
        List<Integer> right = new ArrayList<>();
        for (int i = 0; i < SEARCHED && right.size() < HANDFUL; i++) {
            if (Evaluator.argmax(logits[i]) == images.label(i)) {
                right.add(i);
            }
        }
        assertThat(right).as("images %s gets right", best.name()).hasSize(HANDFUL);
        rightByBest = right.stream().mapToInt(Integer::intValue).toArray();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
    }

    /** An FP32 JSON request of these test images, [N, 1, 28, 28] with nested data, and these parameters. */
    private static String imageRequest(Map<String, Object> parameters, int... indices) {
        List<Object> data = new ArrayList<>();
        for (int index : indices) {
            float[] tensor = Committed.tensor(images, index);
            List<List<Float>> rows = new ArrayList<>();
            for (int y = 0; y < RealZoo.SIDE; y++) {
                List<Float> row = new ArrayList<>();
                for (int x = 0; x < RealZoo.SIDE; x++) {
                    row.add(tensor[y * RealZoo.SIDE + x]);
                }
                rows.add(row);
            }
            data.add(List.of(rows));
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", "req-7");
        request.put("parameters", parameters);
        request.put("inputs", List.of(Map.of("name", "input", "shape", List.of(indices.length, 1, 28, 28),
                "datatype", "FP32", "data", data)));
        return HttpHarness.json(request);
    }

    private static float[][] logits(JsonNode reply) {
        JsonNode output = reply.path("outputs").get(0);
        int n = output.path("shape").get(0).asInt();
        int classes = output.path("shape").get(1).asInt();
        float[][] values = new float[n][classes];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) {
                values[i][c] = output.path("data").get(i * classes + c).floatValue();
            }
        }
        return values;
    }

    private static void expectLabels(float[][] logits, int... indices) {
        assertThat(logits).hasNumberOfRows(indices.length);
        for (int k = 0; k < indices.length; k++) {
            assertThat(Evaluator.argmax(logits[k])).as("class of test image %d", indices[k])
                    .isEqualTo(images.label(indices[k]));
        }
    }

    private static void expectSameLogits(float[][] actual, float[][] expected) {
        assertThat(actual).hasNumberOfRows(expected.length);
        for (int i = 0; i < expected.length; i++) {
            for (int c = 0; c < expected[i].length; c++) {
                assertThat(actual[i][c]).isCloseTo(expected[i][c], within(1e-4f));
            }
        }
    }

    private static float[][] inProcess(ServedModel model, int... indices) {
        return model.runner().run(RealZoo.batch(images, indices), indices.length);
    }

    private static JsonNode ok(HttpResponse<String> reply) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode json = HttpHarness.json(reply);
        OipSchema.inferenceResponse(json);
        return json;
    }

    @Test
    void healthAndMetadataFollowTheSchema() {
        assertThat(http.get("/v2/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = http.get("/v2/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(HttpHarness.json(ready).path("ready").asBoolean()).isTrue();
        OipSchema.serverMetadata(HttpHarness.json(http.get("/v2")));
        List<String> names = http.server.service().zoo().members().stream().map(ServedModel::name).toList();
        List<String> models = new ArrayList<>(names);
        models.add(zoo);
        for (String model : models) {
            HttpResponse<String> metadata = http.get("/v2/models/" + model);
            assertThat(metadata.statusCode()).isEqualTo(200);
            OipSchema.modelMetadata(HttpHarness.json(metadata));
            assertThat(http.get("/v2/models/" + model + "/ready").statusCode()).isEqualTo(200);
            assertThat(http.get("/v2/models/" + model + "/versions/1/ready").statusCode()).isEqualTo(200);
        }
        JsonNode metadata = HttpHarness.json(http.get("/v2/models/" + zoo));
        assertThat(metadata.path("platform").asText()).isEqualTo("mdinference_zoo");
        assertThat(metadata.path("inputs").get(0).path("shape").toString()).isEqualTo("[-1,1,28,28]");
        assertThat(metadata.path("outputs").get(0).path("shape").toString()).isEqualTo("[-1,10]");
        List<String> members = new ArrayList<>();
        metadata.path("parameters").path("members").forEach(m -> members.add(m.asText()));
        assertThat(members).isEqualTo(names);
    }

    @Test
    void theBestMemberByItsOwnNameClassifiesRealImagesAsLabelled() {
        JsonNode reply = ok(http.post("/v2/models/" + best.name() + "/infer", imageRequest(Map.of(), rightByBest)));
        assertThat(reply.path("model_name").asText()).isEqualTo(best.name());
        assertThat(reply.path("id").asText()).isEqualTo("req-7");
        assertThat(reply.path("outputs").get(0).path("shape").toString())
                .isEqualTo("[" + HANDFUL + ",10]");
        expectLabels(logits(reply), rightByBest);
        expectSameLogits(logits(reply), inProcess(best, rightByBest));
        JsonNode parameters = reply.path("parameters");
        assertThat(parameters.path("inference_ms").asDouble()).isPositive();
        assertThat(parameters.path("batch_size").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(parameters.path("server_ms").asDouble())
                .isGreaterThanOrEqualTo(parameters.path("inference_ms").asDouble());
    }

    @Test
    void everyMemberAnswersAsItsModelDoesInProcess() {
        int[] two = {rightByBest[0], rightByBest[1]};
        for (ServedModel member : http.server.service().zoo().members()) {
            JsonNode reply = ok(http.post("/v2/models/" + member.name() + "/infer", imageRequest(Map.of(), two)));
            assertThat(reply.path("model_name").asText()).isEqualTo(member.name());
            expectSameLogits(logits(reply), inProcess(member, two));
        }
    }

    /** The most accurate member as the policies see it now (ties go to the faster in the live profiles). */
    private static ServedModel mostAccurateNow() {
        String name = http.server.service().profiles().zoo().mostAccurate().name();
        return http.server.service().zoo().member(name).orElseThrow();
    }

    @Test
    void theZooWithRoomToSpareAnswersWithItsMostAccurateMember() {
        ServedModel expected = mostAccurateNow();
        assertThat(expected.accuracy()).isEqualTo(best.accuracy());
        JsonNode reply = ok(http.post("/v2/models/" + zoo + "/infer", imageRequest(
                Map.of("sla_ms", 5000, "elapsed_ms", 20, "return_ms", 10), rightByBest[0], rightByBest[1])));
        assertThat(reply.path("model_name").asText()).isEqualTo(zoo);
        JsonNode parameters = reply.path("parameters");
        assertThat(parameters.path("model").asText()).isEqualTo(expected.name());
        assertThat(parameters.path("outcome").asText()).isEqualTo("served");
        assertThat(parameters.path("policy").asText()).isEqualTo(ServerConfig.DEFAULT_POLICY);
        assertThat(parameters.path("budget_ms").asDouble()).isEqualTo(4970.0);
        assertThat(parameters.path("within_budget").asBoolean()).isTrue();
        assertThat(parameters.has("queue_ms")).isTrue();
        assertThat(parameters.has("expected_queue_ms")).isTrue();
        expectSameLogits(logits(reply), inProcess(expected, rightByBest[0], rightByBest[1]));
        if (expected == best) {
            expectLabels(logits(reply), rightByBest[0], rightByBest[1]);
        }
    }

    /**
     * A budget just above the smallest {@code mean + gamma sigma} of the live profiles would fit that member if the
     * server's own time were free; it is not (decoding the request comes out of the budget), so no member fits and
     * the reply says so at once, with the request's budget as it was sent.
     */
    @Test
    void aBudgetThatCoversOnlyTheInferenceLeavesNoTimeForTheServerItself() {
        double gamma = http.server.config().gamma();
        Model safest = http.server.service().profiles().zoo().models().stream()
                .min(Comparator.comparingDouble(m -> m.latency().meanMs() + gamma * m.latency().stdMs()))
                .orElseThrow();
        double budget = safest.latency().meanMs() + gamma * safest.latency().stdMs() + 1e-6;
        JsonNode reply = ok(http.post("/v2/models/" + zoo + "/infer", imageRequest(
                Map.of("sla_ms", 10 + budget, "elapsed_ms", 5, "return_ms", 5), rightByBest[0])));
        assertThat(reply.path("parameters").path("outcome").asText()).isEqualTo("no_model_fits");
        assertThat(reply.path("parameters").path("budget_ms").asDouble()).isCloseTo(budget, within(1e-6));
    }

    @Test
    void aRequestParameterChoosesThePolicy() {
        Model fastest = http.server.service().profiles().zoo().models().stream()
                .min(Comparator.comparingDouble(m -> m.latency().meanMs())).orElseThrow();
        JsonNode reply = ok(http.post("/v2/models/" + zoo + "/infer", imageRequest(
                Map.of("sla_ms", 5000, "policy", "static-latency"), rightByBest[0])));
        assertThat(reply.path("parameters").path("model").asText()).isEqualTo(fastest.name());
        assertThat(reply.path("parameters").path("policy").asText()).isEqualTo("static-latency");
    }

    @Test
    void whenNoModelCanFinishTheZooAnswersAtOnceWithoutOutputs() {
        JsonNode reply = ok(http.post("/v2/models/" + zoo + "/infer", imageRequest(
                Map.of("sla_ms", 10, "elapsed_ms", 4.9995, "return_ms", 4.9995), rightByBest[0])));
        assertThat(reply.path("outputs").size()).isZero();
        JsonNode parameters = reply.path("parameters");
        assertThat(parameters.path("model").isNull()).isTrue();
        assertThat(parameters.path("outcome").asText()).isEqualTo("no_model_fits");
        assertThat(parameters.path("budget_ms").asDouble()).isCloseTo(0.001, within(1e-9));
        assertThat(parameters.path("expected_finish_ms").asDouble()).isGreaterThan(0.001);
        assertThat(parameters.path("server_ms").asDouble()).isPositive();
    }

    @Test
    void aNetworkThatUsedUpTheWholeSlaGetsTheSameAnswerNotAnError() {
        JsonNode reply = ok(http.post("/v2/models/" + zoo + "/infer", imageRequest(
                Map.of("sla_ms", 30, "elapsed_ms", 20, "return_ms", 20), rightByBest[0])));
        assertThat(reply.path("parameters").path("outcome").asText()).isEqualTo("no_model_fits");
        assertThat(reply.path("parameters").path("budget_ms").asDouble()).isEqualTo(-10.0);
    }

    @Test
    void binaryTensorsGoBothWays() {
        int[] three = {rightByBest[0], rightByBest[1], rightByBest[2]};
        float[] tensor = RealZoo.batch(images, three);
        String header = HttpHarness.json(Map.of(
                "inputs", List.of(Map.of("name", "input", "shape", List.of(3, 1, 28, 28), "datatype", "FP32",
                        "parameters", Map.of("binary_data_size", 4 * tensor.length))),
                "outputs", List.of(Map.of("name", "logits", "parameters", Map.of("binary_data", true)))));
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(json.length + 4 * tensor.length).order(ByteOrder.LITTLE_ENDIAN);
        body.put(json);
        body.asFloatBuffer().put(tensor);
        HttpResponse<byte[]> reply = http.postBinary("/v2/models/" + best.name() + "/infer", body.array(),
                json.length);
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/octet-stream");
        int jsonLength = Integer.parseInt(reply.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        byte[] bytes = reply.body();
        assertThat(bytes.length).isEqualTo(jsonLength + 3 * 10 * 4);
        JsonNode replyHeader = HttpHarness.parse(new String(bytes, 0, jsonLength, StandardCharsets.UTF_8));
        OipSchema.inferenceResponse(replyHeader);
        assertThat(replyHeader.path("outputs").get(0).path("parameters").path("binary_data_size").asInt())
                .isEqualTo(120);
        ByteBuffer tail = ByteBuffer.wrap(bytes, jsonLength, 120).order(ByteOrder.LITTLE_ENDIAN);
        float[][] logits = new float[3][10];
        for (float[] item : logits) {
            tail.asFloatBuffer().get(item);
            tail.position(tail.position() + 40);
        }
        expectLabels(logits, three);
        expectSameLogits(logits, inProcess(best, three));
    }

    @Test
    void aPngInABytesTensorGivesWhatItsRawTensorGives() {
        int image = rightByBest[3];
        String png = Base64.getEncoder().encodeToString(images.png(image));
        JsonNode viaJson = ok(http.post("/v2/models/" + best.name() + "/infer", HttpHarness.json(Map.of("inputs",
                List.of(Map.of("name", "input", "shape", List.of(1), "datatype", "BYTES", "data", List.of(png)))))));
        float[][] raw = logits(ok(http.post("/v2/models/" + best.name() + "/infer", imageRequest(Map.of(), image))));
        expectLabels(logits(viaJson), image);
        expectSameLogits(logits(viaJson), raw);

        byte[] encoded = images.png(image);
        byte[] header = HttpHarness.json(Map.of("inputs", List.of(Map.of("name", "input", "shape", List.of(1),
                "datatype", "BYTES", "parameters", Map.of("binary_data_size", 4 + encoded.length)))))
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(header.length + 4 + encoded.length).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header).putInt(encoded.length).put(encoded);
        HttpResponse<byte[]> viaBinary = http.postBinary("/v2/models/" + best.name() + "/infer", body.array(),
                header.length);
        assertThat(viaBinary.statusCode()).isEqualTo(200);
        JsonNode reply = HttpHarness.parse(new String(viaBinary.body(), StandardCharsets.UTF_8));
        expectSameLogits(logits(reply), raw);
    }

    @Test
    void aCorruptImageIsABadRequest() {
        byte[] png = images.png(0);
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);
        for (byte[] corrupt : List.of(truncated, "not an image at all".getBytes(StandardCharsets.UTF_8))) {
            expectError(http.post("/v2/models/" + best.name() + "/infer", HttpHarness.json(Map.of("inputs", List.of(
                    Map.of("name", "input", "shape", List.of(1), "datatype", "BYTES",
                            "data", List.of(Base64.getEncoder().encodeToString(corrupt))))))), 400, "");
        }
    }

    @Test
    void aWrongShapeOrDatatypeIsABadRequest() {
        String good = imageRequest(Map.of(), rightByBest[0]);
        String model = "/v2/models/" + best.name() + "/infer";
        expectError(http.post(model, good.replace("[1,1,28,28]", "[1,1,28,27]")), 400, "shape");
        expectError(http.post(model, good.replace("[1,1,28,28]", "[1,784]")), 400, "shape");
        expectError(http.post(model, good.replace("[1,1,28,28]", "[2,1,28,28]")), 400, "1568 elements");
        expectError(http.post(model, good.replace("FP32", "INT8")), 400, "datatype INT8");
        expectError(http.post(model, good.replace("FP32", "BYTES")), 400, "base64 strings");
        expectError(http.post(model, good.replaceFirst("\\[\\[\\[\\[", "[[[[\"x\",")), 400, "785");
        expectError(http.post(model, good.replace("\"inputs\":[", "\"inputs\":[{\"name\":\"extra\",\"shape\":[1],"
                + "\"datatype\":\"FP32\",\"data\":[1]},")), 400, "takes one input");
    }

    @Test
    void everyOtherErrorIsJsonWithTheRightStatus() {
        String one = imageRequest(Map.of(), rightByBest[0]);
        String member = "/v2/models/" + best.name();
        expectError(http.post(member + "/infer", "{\"inputs\": [ {"), 400, "malformed JSON");
        expectError(http.post(member + "/infer", ""), 400, "empty");
        expectError(http.post(member + "/infer", "[1,2]"), 400, "JSON object");
        expectError(http.post(member + "/infer", "{\"inputs\": []}"), 400, "non-empty 'inputs'");
        expectError(http.post("/v2/models/nope/infer", one), 404, "no model named");
        expectError(http.get("/v2/models/nope"), 404, "no model named");
        expectError(http.get(member + "/versions/7"), 404, "version 1 only");
        expectError(http.get("/nowhere"), 404, "");
        expectError(http.post("/v2/models/" + zoo + "/infer", one), 400, "sla_ms");
        expectError(http.post("/v2/models/" + zoo + "/infer", imageRequest(Map.of("sla_ms", "soon"),
                rightByBest[0])), 400, "sla_ms");
        expectError(http.post("/v2/models/" + zoo + "/infer", imageRequest(Map.of("sla_ms", 300, "policy",
                "oracle"), rightByBest[0])), 400, "unknown policy");
        expectError(http.post("/v2/models/" + zoo + "/infer", imageRequest(Map.of("sla_ms", 300, "min_accuracy",
                93.5), rightByBest[0])), 400, "min_accuracy");
        int[] many = new int[64];
        expectError(http.post(member + "/infer", imageRequest(Map.of(), many)), 413, "limit of " + MAX_BODY);
        assertThat(http.get("/v2/health/live").statusCode()).isEqualTo(200);
    }

    static void expectError(HttpResponse<String> reply, int status, String message) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        assertThat(reply.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode json = HttpHarness.json(reply);
        OipSchema.error(json);
        assertThat(json.path("error").asText()).contains(message);
    }

    @Test
    void metricsArePublishedForPrometheus() {
        JsonNode reply = ok(http.post("/v2/models/" + zoo + "/infer", imageRequest(Map.of("sla_ms", 5000),
                rightByBest[0])));
        String chosen = reply.path("parameters").path("model").asText();
        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("mdi_requests_total{model=\"" + zoo + "\",outcome=\"served\"}",
                "mdi_zoo_chosen_total{model=\"" + chosen + "\",policy=\"" + ServerConfig.DEFAULT_POLICY + "\"}",
                "mdi_inference_seconds_bucket", "mdi_batch_size_bucket", "mdi_queue_wait_seconds_bucket",
                "mdi_zoo_budget_ms_bucket", "mdi_queue_items{model=\"" + best.name() + "\"}");
    }
}
