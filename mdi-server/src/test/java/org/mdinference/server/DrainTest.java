package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mdinference.grpc.GRPCInferenceServiceGrpc;
import org.mdinference.grpc.InferTensorContents;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.grpc.ModelReadyRequest;
import org.mdinference.grpc.ServerLiveRequest;
import org.mdinference.grpc.ServerReadyRequest;

/**
 * A graceful shutdown ({@link MdiServer#drain}): readiness turns 503 at once and new requests are refused 503 with
 * Retry-After (gRPC UNAVAILABLE), while the requests in flight, held by a {@link FakeZoo} gated model, run on and
 * are answered; the drain returns when they are, or at its limit, and the close then answers what is still queued.
 */
class DrainTest {

    private static final String MODEL = "/v2/models/held/infer";
    private static final ModelInferRequest HELD = ModelInferRequest.newBuilder().setModelName("held")
            .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32").addShape(1)
                    .addShape(FakeZoo.ITEM).setContents(InferTensorContents.newBuilder()
                            .addAllFp32Contents(List.of(1f, 2f, 3f, 4f)))).build();

    private static HttpHarness server(CountDownLatch gate) {
        return new HttpHarness(ServerConfig.builder().grpcPort(0).maxBatch(1).warmUp(false),
                FakeZoo.of(FakeZoo.gated("held", gate)));
    }

    private static CompletableFuture<Boolean> drain(MdiServer server, Duration limit) {
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return server.drain(limit);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!server.service().draining().active()) {
            Thread.onSpinWait();
        }
        return drained;
    }

    @Test
    void readinessTurns503NewRequestsAreRefusedAndThoseInFlightAreAnsweredBeforeTheDrainReturns()
            throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (HttpHarness http = server(gate)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1",
                    http.server.grpcPort().getAsInt()).usePlaintext().build();
            try {
                var grpc = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES);
                assertThat(http.get("/v2/health/ready").statusCode()).isEqualTo(200);
                CompletableFuture<HttpResponse<String>> running = http.postAsync(MODEL, FakeZoo.request(1, ""));
                http.awaitRunning("held");
                CompletableFuture<HttpResponse<String>> queued = http.postAsync(MODEL, FakeZoo.request(1, ""));
                http.awaitQueued("held", 1);

                CompletableFuture<Boolean> drained = drain(http.server, Duration.ofSeconds(30));

                HttpResponse<String> ready = http.get("/v2/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(HttpHarness.json(ready).path("ready").asBoolean(true)).isFalse();
                assertThat(http.get("/v2/models/held/ready").statusCode()).isEqualTo(503);
                assertThat(http.get("/v2/health/live").statusCode()).isEqualTo(200);
                assertThat(grpc.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isFalse();
                assertThat(grpc.modelReady(ModelReadyRequest.newBuilder().setName("held").build()).getReady())
                        .isFalse();
                assertThat(grpc.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();

                HttpResponse<String> refused = http.post(MODEL, FakeZoo.request(1, ""));
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).contains("1");
                assertThat(HttpHarness.json(refused).path("error").asText()).isEqualTo(Draining.MESSAGE);
                assertThatThrownBy(() -> grpc.modelInfer(HELD))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                            assertThat(e.getStatus().getDescription()).isEqualTo(Draining.MESSAGE);
                            assertThat(e.getTrailers().get(Metadata.Key.of("retry-after",
                                    Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("1");
                        });

                // the two in flight hold the drain
                Thread.sleep(200);
                assertThat(drained).isNotDone();
                assertThat(http.server.service().draining().inFlight()).isEqualTo(2);

                long released = System.nanoTime();
                gate.countDown();
                assertThat(running.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(Duration.ofSeconds(5));
            } finally {
                gate.countDown();
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aDrainWithNothingInFlightReturnsAtOnce() throws Exception {
        try (HttpHarness http = server(new CountDownLatch(0))) {
            assertThat(http.post(MODEL, FakeZoo.request(1, "")).statusCode()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(http.server.drain(Duration.ofSeconds(30))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        }
    }

    @Test
    void aDrainReturnsAtItsLimitAndTheCloseAnswersWhatIsStillQueued503() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> running;
        CompletableFuture<HttpResponse<String>> queued;
        try (HttpHarness http = server(gate)) {
            running = http.postAsync(MODEL, FakeZoo.request(1, ""));
            http.awaitRunning("held");
            queued = http.postAsync(MODEL, FakeZoo.request(1, ""));
            http.awaitQueued("held", 1);

            long start = System.nanoTime();
            assertThat(http.server.drain(Duration.ofMillis(300))).isFalse();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(2));
            assertThat(running).isNotDone();
        } finally {
            gate.countDown();
        }
        HttpResponse<String> closed = queued.get(10, TimeUnit.SECONDS);
        assertThat(closed.statusCode()).isEqualTo(503);
        assertThat(HttpHarness.json(closed).path("error").asText()).isNotBlank();
        // the one running when the server stopped: an answer if its write beat the listener's stop, else a closed
        // connection; either way the client is not left waiting
        try {
            assertThat(running.get(10, TimeUnit.SECONDS).statusCode()).isIn(200, 503);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
        }
    }
}
