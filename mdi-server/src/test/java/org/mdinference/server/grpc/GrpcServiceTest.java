package org.mdinference.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdinference.grpc.GRPCInferenceServiceGrpc;
import org.mdinference.grpc.InferParameter;
import org.mdinference.grpc.InferTensorContents;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.grpc.ModelInferResponse;
import org.mdinference.grpc.ModelMetadataRequest;
import org.mdinference.grpc.ModelMetadataResponse;
import org.mdinference.grpc.ModelReadyRequest;
import org.mdinference.grpc.ServerLiveRequest;
import org.mdinference.grpc.ServerMetadataRequest;
import org.mdinference.grpc.ServerMetadataResponse;
import org.mdinference.grpc.ServerReadyRequest;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.protocol.InferRequestBody;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.metrics.RequestLog;
import org.mdinference.server.metrics.ServerMetrics;
import org.mdinference.server.model.ZooLoader;
import org.mdinference.server.model.ServedModel;

/**
 * The gRPC API of the real server with the repository's real zoo on ONNX Runtime, on free loopback ports, called
 * with the stubs generated from the proto over a real channel, and checked against the REST API of the same server
 * for the same inputs (Fashion-MNIST test images).
 */
class GrpcServiceTest {

    private static final String MEMBER = "lenet5";
    private static final int PIXELS = 28 * 28;
    private static final long MAX_BODY = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MdiServer server;
    private static ManagedChannel channel;
    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpc;
    private static HttpClient http;
    private static String rest;
    private static String zoo;
    private static IdxDataset images;
    private static final List<Map<String, Object>> LOGGED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).grpcPort(0).maxBatch(4)
                .maxBodyBytes(MAX_BODY).intraOpThreads(1).warmUp(false).build();
        server = new MdiServer(config, new ZooLoader(System::nanoTime).load(Committed.zoo(), 1, 4),
                System::nanoTime, Thread::new, LOGGED::add);
        rest = "http://127.0.0.1:" + server.start();
        assertThat(server.grpcPort()).isPresent();
        assertThat(server.grpcPort().getAsInt()).isPositive().isNotEqualTo(server.port());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort().getAsInt()).usePlaintext().build();
        grpc = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        zoo = server.service().zoo().name();
        images = IdxDataset.testSplit(Committed.testSplit());
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void healthAndMetadataAnswerAsRestDoes() {
        assertThat(grpc.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(grpc.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThat(grpc.modelReady(ModelReadyRequest.newBuilder().setName(MEMBER).build()).getReady()).isTrue();
        assertThat(grpc.modelReady(ModelReadyRequest.newBuilder().setName(zoo).setVersion("1").build()).getReady())
                .isTrue();

        ServerMetadataResponse serverMetadata = grpc.serverMetadata(ServerMetadataRequest.getDefaultInstance());
        JsonNode restServer = get("/v2");
        assertThat(serverMetadata.getName()).isEqualTo(restServer.path("name").asText()).isEqualTo("mdinference");
        assertThat(serverMetadata.getVersion()).isEqualTo(restServer.path("version").asText());
        assertThat(serverMetadata.getExtensionsList()).containsExactly("binary_tensor_data", "mdinference_zoo");

        for (String model : List.of(MEMBER, zoo)) {
            ModelMetadataResponse metadata = grpc.modelMetadata(ModelMetadataRequest.newBuilder().setName(model)
                    .build());
            JsonNode restModel = get("/v2/models/" + model);
            assertThat(metadata.getName()).isEqualTo(model);
            assertThat(metadata.getVersionsList()).containsExactly("1");
            assertThat(metadata.getPlatform()).isEqualTo(restModel.path("platform").asText());
            ModelMetadataResponse.TensorMetadata input = metadata.getInputs(0);
            assertThat(input.getName()).isEqualTo(restModel.path("inputs").get(0).path("name").asText())
                    .isEqualTo("input");
            assertThat(input.getDatatype()).isEqualTo("FP32");
            assertThat(input.getShapeList()).containsExactly(-1L, 1L, 28L, 28L);
            assertThat(metadata.getOutputs(0).getName()).isEqualTo("logits");
            assertThat(metadata.getOutputs(0).getShapeList()).containsExactly(-1L, 10L);
        }
        assertThat(grpc.modelMetadata(ModelMetadataRequest.newBuilder().setName(zoo).build()).getPlatform())
                .isEqualTo("mdinference_zoo");
    }

    @Test
    void aMemberAnswersRawAndTypedContentsAsRestDoes() {
        int[] three = {0, 1, 2};
        ModelInferResponse raw = grpc.modelInfer(rawRequest(MEMBER, three).setId("req-9").build());
        ModelInferResponse typed = grpc.modelInfer(typedRequest(MEMBER, three).build());
        assertThat(raw.getModelName()).isEqualTo(MEMBER);
        assertThat(raw.getModelVersion()).isEqualTo("1");
        assertThat(raw.getId()).isEqualTo("req-9");
        assertThat(typed.getId()).isEmpty();
        ModelInferResponse.InferOutputTensor output = raw.getOutputs(0);
        assertThat(output.getName()).isEqualTo("logits");
        assertThat(output.getDatatype()).isEqualTo("FP32");
        assertThat(output.getShapeList()).containsExactly(3L, 10L);
        assertThat(output.hasContents()).as("the values are in raw_output_contents").isFalse();
        assertThat(raw.getRawOutputContentsCount()).isEqualTo(1);
        assertThat(raw.getRawOutputContents(0).size()).isEqualTo(3 * 10 * 4);

        float[] logits = logits(raw);
        assertThat(logits(typed)).containsExactly(logits);
        JsonNode restReply = postRest(MEMBER, InferRequestBody.builder()
                .fp32Input("input", new long[] {3, 1, 28, 28}, pixels(three)).build());
        assertThat(logits).containsExactly(restLogits(restReply));
        for (int k = 0; k < three.length; k++) {
            assertThat(argmax(logits, k)).as("class of test image %d", three[k]).isEqualTo(images.label(three[k]));
        }
        assertThat(raw.getParametersMap().keySet()).containsExactlyInAnyOrderElementsOf(
                names(restReply.path("parameters")));
        assertThat(raw.getParametersOrThrow("batch_size").getInt64Param()).isEqualTo(3);
        assertThat(raw.getParametersOrThrow("inference_ms").getDoubleParam()).isPositive();
        assertThat(raw.getParametersOrThrow("server_ms").getParameterChoiceCase())
                .isEqualTo(InferParameter.ParameterChoiceCase.DOUBLE_PARAM);
    }

    @Test
    void theZooAnswersWithItsReplyParametersTypedAsRestsAre() {
        ModelInferResponse reply = grpc.modelInfer(rawRequest(zoo, 5)
                .putParameters("sla_ms", int64(5000)).build());
        JsonNode restReply = postRest(zoo, InferRequestBody.builder().parameters(RequestParameters.of(5000))
                .fp32Input("input", new long[] {1, 1, 28, 28}, pixels(5)).build());
        Map<String, InferParameter> parameters = reply.getParametersMap();
        assertThat(parameters.keySet()).containsExactlyInAnyOrderElementsOf(names(restReply.path("parameters")))
                .contains("model", "outcome", "policy", "budget_ms", "expected_queue_ms", "queue_ms",
                        "inference_ms", "batch_size", "server_ms", "within_budget");
        assertThat(parameters.get("model").getStringParam()).isEqualTo(restReply.path("parameters").path("model")
                .asText());
        assertThat(parameters.get("outcome").getStringParam()).isEqualTo("served");
        assertThat(parameters.get("policy").getStringParam()).isEqualTo(ServerConfig.DEFAULT_POLICY);
        assertThat(parameters.get("budget_ms").getDoubleParam()).isEqualTo(5000.0);
        assertThat(parameters.get("batch_size").getInt64Param()).isEqualTo(1);
        assertThat(parameters.get("within_budget").getBoolParam()).isTrue();
        assertThat(reply.getModelName()).isEqualTo(zoo);
        assertThat(logits(reply)).containsExactly(restLogits(restReply));
        assertThat(argmax(logits(reply), 0)).isEqualTo(images.label(5));

        ModelInferResponse typed = grpc.modelInfer(typedRequest(zoo, 5).putParameters("sla_ms", int64(5000))
                .build());
        assertThat(typed.getParametersOrThrow("model").getStringParam())
                .isEqualTo(parameters.get("model").getStringParam());
        assertThat(logits(typed)).containsExactly(logits(reply));
    }

    @Test
    void aBudgetNoMemberFitsIsAnsweredAtOnceWithoutOutputs() {
        ModelInferResponse reply = grpc.modelInfer(rawRequest(zoo, 0).putParameters("sla_ms", int64(1))
                .putParameters("elapsed_ms", dbl(0.75)).putParameters("return_ms", dbl(0.25)).build());
        assertThat(reply.getOutputsCount()).isZero();
        assertThat(reply.getRawOutputContentsCount()).isZero();
        assertThat(reply.getParametersOrThrow("outcome").getStringParam()).isEqualTo("no_model_fits");
        assertThat(reply.getParametersOrThrow("budget_ms").getDoubleParam()).isEqualTo(0.0);
        assertThat(reply.getParametersOrThrow("model").getParameterChoiceCase())
                .as("REST's null: no member answered")
                .isEqualTo(InferParameter.ParameterChoiceCase.PARAMETERCHOICE_NOT_SET);
    }

    @Test
    void theZoosParametersComeAsInt64StringOrDouble() {
        List<Map<String, InferParameter>> alike = List.of(
                Map.of("sla_ms", int64(4000), "elapsed_ms", int64(500), "return_ms", int64(300),
                        "policy", text("static-accuracy"), "min_accuracy", int64(0)),
                Map.of("sla_ms", text("4000"), "elapsed_ms", text("500.0"), "return_ms", text("3e2"),
                        "policy", text("static-accuracy"), "min_accuracy", text("0")),
                Map.of("sla_ms", dbl(4000), "elapsed_ms", dbl(500), "return_ms", dbl(300),
                        "policy", text("static-accuracy"), "min_accuracy", dbl(0.0)));
        for (Map<String, InferParameter> parameters : alike) {
            ModelInferResponse reply = grpc.modelInfer(rawRequest(zoo, 7).putAllParameters(parameters).build());
            assertThat(reply.getParametersOrThrow("budget_ms").getDoubleParam()).as("%s", parameters)
                    .isEqualTo(3200.0);
            assertThat(reply.getParametersOrThrow("policy").getStringParam()).isEqualTo("static-accuracy");
            assertThat(reply.getParametersOrThrow("model").getStringParam()).isEqualTo(mostAccurate());
        }
        // a device model as accurate as the zoo's best leaves nothing to beat
        ModelInferResponse none = grpc.modelInfer(rawRequest(zoo, 7).putParameters("sla_ms", int64(4000))
                .putParameters("min_accuracy", text("0.9999")).build());
        assertThat(none.getParametersOrThrow("outcome").getStringParam()).isEqualTo("no_model_fits");
    }

    @Test
    void aPngImageAsBytesGivesWhatItsPixelsGive() {
        int image = 3;
        byte[] png = images.png(image);
        ByteBuffer element = ByteBuffer.allocate(4 + png.length).order(ByteOrder.LITTLE_ENDIAN);
        element.putInt(png.length).put(png);
        ModelInferRequest.InferInputTensor.Builder bytes = ModelInferRequest.InferInputTensor.newBuilder()
                .setName("input").setDatatype("BYTES").addShape(1);
        ModelInferResponse raw = grpc.modelInfer(ModelInferRequest.newBuilder().setModelName(MEMBER)
                .addInputs(bytes).addRawInputContents(ByteString.copyFrom(element.array())).build());
        ModelInferResponse typed = grpc.modelInfer(ModelInferRequest.newBuilder().setModelName(MEMBER)
                .addInputs(bytes.clone().setContents(InferTensorContents.newBuilder()
                        .addBytesContents(ByteString.copyFrom(png)))).build());
        float[] pixels = logits(grpc.modelInfer(rawRequest(MEMBER, image).build()));
        assertThat(logits(raw)).containsExactly(pixels);
        assertThat(logits(typed)).containsExactly(pixels);
        assertThat(argmax(pixels, 0)).isEqualTo(images.label(image));
    }

    @Test
    void errorsCarryRestsMessageAsTheirCodesDescription() {
        ModelInferRequest good = rawRequest(MEMBER, 0).build();

        ModelInferRequest unknown = good.toBuilder().setModelName("nope").build();
        expectStatus(() -> grpc.modelInfer(unknown), Status.Code.NOT_FOUND,
                restError("nope", InferRequestBody.builder().fp32Input("input", new long[] {1, 1, 28, 28},
                        pixels(0)).build(), 404));
        assertThat(restError("nope", InferRequestBody.builder().fp32Input("input", new long[] {1, 1, 28, 28},
                pixels(0)).build(), 404)).startsWith("no model named 'nope'");
        expectStatus(() -> grpc.modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build()),
                Status.Code.NOT_FOUND, "no model named 'nope'");
        expectStatus(() -> grpc.modelReady(ModelReadyRequest.newBuilder().setName(MEMBER).setVersion("2").build()),
                Status.Code.NOT_FOUND, "model " + MEMBER + " has version 1 only, not 2");

        ModelInferRequest wrongShape = good.toBuilder().setInputs(0, good.getInputs(0).toBuilder().clearShape()
                .addAllShape(List.of(1L, 784L))).build();
        expectStatus(() -> grpc.modelInfer(wrongShape), Status.Code.INVALID_ARGUMENT,
                restError(MEMBER, InferRequestBody.builder().fp32Input("input", new long[] {1, 784}, pixels(0))
                        .build(), 400));
        ModelInferRequest negative = good.toBuilder().setInputs(0, good.getInputs(0).toBuilder().setShape(0, -1))
                .build();
        expectStatus(() -> grpc.modelInfer(negative), Status.Code.INVALID_ARGUMENT,
                "input input has shape [-1,1,28,28]; each dimension must be a non-negative integer");
        ModelInferRequest shortData = good.toBuilder().setRawInputContents(0,
                good.getRawInputContents(0).substring(4)).build();
        expectStatus(() -> grpc.modelInfer(shortData), Status.Code.INVALID_ARGUMENT,
                "input input needs 3136 bytes of FP32 data for its shape, got 3132");
        ModelInferRequest int8 = good.toBuilder().setInputs(0, good.getInputs(0).toBuilder().setDatatype("INT8"))
                .build();
        expectStatus(() -> grpc.modelInfer(int8), Status.Code.INVALID_ARGUMENT,
                "input input has datatype INT8; the server takes FP32 tensors or BYTES (encoded images)");
        ModelInferRequest both = good.toBuilder().setInputs(0, good.getInputs(0).toBuilder()
                .setContents(InferTensorContents.newBuilder().addFp32Contents(1))).build();
        expectStatus(() -> grpc.modelInfer(both), Status.Code.INVALID_ARGUMENT,
                "input input has contents, but the request carries raw_input_contents");
        ModelInferRequest neither = good.toBuilder().clearRawInputContents().build();
        expectStatus(() -> grpc.modelInfer(neither), Status.Code.INVALID_ARGUMENT,
                "input input needs contents or raw_input_contents");
        ModelInferRequest fewTyped = typedRequest(MEMBER, 0).build();
        ModelInferRequest shortTyped = fewTyped.toBuilder().setInputs(0, fewTyped.getInputs(0).toBuilder()
                .setContents(InferTensorContents.newBuilder().addAllFp32Contents(List.of(1f, 2f)))).build();
        expectStatus(() -> grpc.modelInfer(shortTyped), Status.Code.INVALID_ARGUMENT,
                "input input has a shape of 784 elements, but its data holds 2");

        expectStatus(() -> grpc.modelInfer(rawRequest(zoo, 0).putParameters("sla_ms", text("soon")).build()),
                Status.Code.INVALID_ARGUMENT, "the parameter sla_ms must be a number, got soon");
        expectStatus(() -> grpc.modelInfer(rawRequest(zoo, 0).putParameters("sla_ms", int64(-5)).build()),
                Status.Code.INVALID_ARGUMENT, restError(zoo, InferRequestBody.builder()
                        .parameters(RequestParameters.of(1)).fp32Input("input", new long[] {1, 1, 28, 28}, pixels(0))
                        .build().bytes(), "\"sla_ms\":1.0", "\"sla_ms\":-5", 400));
        expectStatus(() -> grpc.modelInfer(rawRequest(zoo, 0).build()), Status.Code.INVALID_ARGUMENT,
                "the zoo endpoint needs the parameter sla_ms");
    }

    @Test
    void aMessageOverTheBodyLimitIsRefused() {
        ModelInferRequest large = rawRequest(MEMBER, new int[(int) (MAX_BODY / (4 * PIXELS)) + 1]).build();
        assertThat(large.getSerializedSize()).isGreaterThan((int) MAX_BODY);
        assertThatThrownBy(() -> grpc.modelInfer(large)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }

    @Test
    void grpcRequestsAreCountedAndLoggedAsRestOnesAre() {
        double before = counted(MEMBER, "served");
        double unknownBefore = counted("unknown", "client_error");
        int logged = LOGGED.size();
        grpc.modelInfer(rawRequest(MEMBER, 11).build());
        assertThatThrownBy(() -> grpc.modelInfer(rawRequest("nope", 11).build()))
                .isInstanceOf(StatusRuntimeException.class);
        assertThat(counted(MEMBER, "served")).isEqualTo(before + 1);
        assertThat(counted("unknown", "client_error")).isEqualTo(unknownBefore + 1);
        // a reply's line is written once the reply is sent: the next request's may come first
        List<Map<String, Object>> lines = List.copyOf(LOGGED.subList(logged, LOGGED.size()));
        assertThat(lines).hasSize(2);
        assertThat(lines).anySatisfy(line -> assertThat(line).containsEntry("model", MEMBER)
                .containsEntry("status", 200).containsEntry("batch_size", 1)
                .containsKeys("queue_ms", "inference_ms", "server_ms"));
        assertThat(lines).anySatisfy(line -> assertThat(line).containsEntry("model", "unknown")
                .containsEntry("status", 404));
    }

    @Test
    void aServerNotReadyTellsSoAndRefusesInference() throws Exception {
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").grpcPort(0).build();
        try (GrpcServer warming = GrpcServer.start(config, server.service(), new ServerMetrics(), RequestLog.OFF,
                System::nanoTime, "test", () -> false, server.service(), "the warm-up's token")) {
            ManagedChannel other = NettyChannelBuilder.forAddress("127.0.0.1", warming.port()).usePlaintext()
                    .build();
            try {
                var stub = GRPCInferenceServiceGrpc.newBlockingStub(other).withDeadlineAfter(30, TimeUnit.SECONDS);
                assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
                assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isFalse();
                assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName(MEMBER).build()).getReady())
                        .isFalse();
                expectStatus(() -> stub.modelInfer(rawRequest(MEMBER, 0).build()), Status.Code.UNAVAILABLE,
                        "the server is warming its models up; retry in a moment");
            } finally {
                other.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static ModelInferRequest.Builder rawRequest(String model, int... indices) {
        ByteBuffer raw = ByteBuffer.allocate(4 * PIXELS * indices.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(pixels(indices));
        return ModelInferRequest.newBuilder().setModelName(model).addInputs(input(indices.length))
                .addRawInputContents(ByteString.copyFrom(raw.array()));
    }

    private static ModelInferRequest.Builder typedRequest(String model, int... indices) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (float value : pixels(indices)) {
            contents.addFp32Contents(value);
        }
        return ModelInferRequest.newBuilder().setModelName(model).addInputs(input(indices.length)
                .setContents(contents));
    }

    private static ModelInferRequest.InferInputTensor.Builder input(int n) {
        return ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                .addAllShape(List.of((long) n, 1L, 28L, 28L));
    }

    private static float[] pixels(int... indices) {
        float[] values = new float[indices.length * PIXELS];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(Committed.tensor(images, indices[k]), 0, values, k * PIXELS, PIXELS);
        }
        return values;
    }

    private static float[] logits(ModelInferResponse reply) {
        ByteBuffer raw = reply.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(values);
        return values;
    }

    private static float[] restLogits(JsonNode reply) {
        JsonNode data = reply.path("outputs").get(0).path("data");
        float[] values = new float[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.get(i).floatValue();
        }
        return values;
    }

    private static int argmax(float[] logits, int item) {
        int best = 0;
        for (int c = 1; c < 10; c++) {
            if (logits[item * 10 + c] > logits[item * 10 + best]) {
                best = c;
            }
        }
        return best;
    }

    private static String mostAccurate() {
        return server.service().zoo().members().stream()
                .max(java.util.Comparator.comparingDouble(ServedModel::accuracy)).orElseThrow().name();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static InferParameter int64(long value) {
        return InferParameter.newBuilder().setInt64Param(value).build();
    }

    private static InferParameter dbl(double value) {
        return InferParameter.newBuilder().setDoubleParam(value).build();
    }

    private static InferParameter text(String value) {
        return InferParameter.newBuilder().setStringParam(value).build();
    }

    private static void expectStatus(ThrowingCallable call, Status.Code code, String description) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(description);
        });
    }

    private static JsonNode get(String path) {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(rest + path)).GET());
        assertThat(reply.statusCode()).as("GET %s: %s", path, reply.body()).isEqualTo(200);
        return parse(reply.body());
    }

    private static JsonNode postRest(String model, InferRequestBody body) {
        HttpResponse<String> reply = post(model, body.bytes());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return parse(reply.body());
    }

    /** The error message REST answers this request with, checking its status. */
    private static String restError(String model, InferRequestBody body, int status) {
        HttpResponse<String> reply = post(model, body.bytes());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        return parse(reply.body()).path("error").asText();
    }

    /** As {@link #restError(String, InferRequestBody, int)}, for a JSON body edited first. */
    private static String restError(String model, byte[] json, String from, String to, int status) {
        String edited = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(edited).contains(from);
        HttpResponse<String> reply = post(model, edited.replace(from, to).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        return parse(reply.body()).path("error").asText();
    }

    private static HttpResponse<String> post(String model, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(rest + "/v2/models/" + model + "/infer"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** The server's request counter of a model and outcome, scraped over REST. */
    private static double counted(String model, String outcome) {
        String prefix = "mdi_requests_total{model=\"" + model + "\",outcome=\"" + outcome + "\"";
        HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(rest + "/metrics")).GET());
        return reply.body().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
