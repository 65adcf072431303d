package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdinference.grpc.GRPCInferenceServiceGrpc;
import org.mdinference.grpc.InferParameter;
import org.mdinference.grpc.InferTensorContents;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.onnx.ImageBombs;

/**
 * Decompression bombs over the wire, to the committed zoo on a real server: a PNG and a JPEG of about a kilobyte each
 * that declare 50000 x 50000 pixels (2.5 GB as grey bytes), as BYTES over REST (JSON and the binary extension) and
 * gRPC, to the zoo and to a member. Each is a 400 (gRPC: INVALID_ARGUMENT) that names the declared size, decided
 * from the image's header, and the server answers a real image right after.
 */
class ImageBombTest {

    private static final String MEMBER = "lenet5";
    private static final String REFUSAL = "the image declares 50000x50000 pixels";
    private static final List<byte[]> BOMBS = List.of(ImageBombs.png(50_000, 50_000),
            ImageBombs.jpeg(50_000, 50_000));

    private static HttpHarness http;
    private static ManagedChannel channel;
    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpc;
    private static String zoo;

    @BeforeAll
    static void start() {
        http = new HttpHarness(ServerConfig.builder().grpcPort(0).maxBatch(4).intraOpThreads(1).warmUp(false),
                RealZoo.load(4));
        zoo = http.server.service().zoo().name();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", http.server.grpcPort().orElseThrow()).usePlaintext()
                .build();
        grpc = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        http.close();
    }

    @Test
    void theBombsAreSmall() {
        assertThat(BOMBS).allSatisfy(bomb -> assertThat(bomb.length).isLessThan(2_000));
    }

    @Test
    void restRefusesThemAsJsonAndAsBinaryData() {
        for (byte[] bomb : BOMBS) {
            for (String model : List.of(zoo, MEMBER)) {
                Map<String, Object> parameters = model.equals(zoo) ? Map.of("sla_ms", 500) : Map.of();
                HttpResponse<String> json = http.post("/v2/models/" + model + "/infer", HttpHarness.json(Map.of(
                        "parameters", parameters, "inputs", List.of(Map.of("name", "input", "shape", List.of(1),
                                "datatype", "BYTES", "data", List.of(Base64.getEncoder().encodeToString(bomb)))))));
                ServerHttpTest.expectError(json, 400, REFUSAL);

                byte[] header = HttpHarness.json(Map.of("parameters", parameters, "inputs", List.of(Map.of("name",
                        "input", "shape", List.of(1), "datatype", "BYTES", "parameters", Map.of("binary_data_size",
                                4 + bomb.length))))).getBytes(StandardCharsets.UTF_8);
                ByteBuffer body = ByteBuffer.allocate(header.length + 4 + bomb.length).order(ByteOrder.LITTLE_ENDIAN);
                body.put(header).putInt(bomb.length).put(bomb);
                HttpResponse<byte[]> binary = http.postBinary("/v2/models/" + model + "/infer", body.array(),
                        header.length);
                assertThat(binary.statusCode()).isEqualTo(400);
                assertThat(new String(binary.body(), StandardCharsets.UTF_8)).contains(REFUSAL);
            }
        }
        answersARealImage();
    }

    @Test
    void grpcRefusesThemAsInvalidArgument() {
        for (byte[] bomb : BOMBS) {
            ModelInferRequest.InferInputTensor input = ModelInferRequest.InferInputTensor.newBuilder()
                    .setName("input").setDatatype("BYTES").addShape(1)
                    .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFrom(bomb)))
                    .build();
            for (String model : List.of(zoo, MEMBER)) {
                ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model).addInputs(input);
                if (model.equals(zoo)) {
                    request.putParameters("sla_ms", InferParameter.newBuilder().setDoubleParam(500).build());
                }
                assertThatThrownBy(() -> grpc.withDeadlineAfter(30, TimeUnit.SECONDS).modelInfer(request.build()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                            assertThat(e.getStatus().getDescription()).contains(REFUSAL);
                        });
            }
        }
        answersARealImage();
    }

    private static void answersARealImage() {
        String png = Base64.getEncoder().encodeToString(RealZoo.testSplit().png(0));
        HttpResponse<String> reply = http.post("/v2/models/" + MEMBER + "/infer", HttpHarness.json(Map.of("inputs",
                List.of(Map.of("name", "input", "shape", List.of(1), "datatype", "BYTES", "data", List.of(png))))));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode outputs = HttpHarness.json(reply).path("outputs");
        assertThat(outputs.get(0).path("shape")).hasToString("[1,10]");
    }
}
