package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mdinference.grpc.GRPCInferenceServiceGrpc;
import org.mdinference.grpc.InferTensorContents;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.grpc.ModelInferResponse;
import org.mdinference.server.metrics.RequestLog;
import org.mdinference.server.model.ServedModel;

/**
 * The gRPC API where time must be under the test's control ({@link FakeZoo}'s gated model, whose batches wait for the
 * test): a full queue, the server's request timeout, and a client that leaves before its answer. The first request
 * to an idle queue runs on the thread that admitted it; the requests behind it wait in the queue.
 */
class GrpcControlledTimeTest {

    private static final ModelInferRequest HELD = ModelInferRequest.newBuilder().setModelName("held")
            .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32").addShape(1)
                    .addShape(FakeZoo.ITEM).setContents(InferTensorContents.newBuilder()
                            .addAllFp32Contents(List.of(1f, 2f, 3f, 4f)))).build();

    /** Runs the test against a server of the gated model "held" on a gRPC port, and its channel. */
    private static void withServer(ServerConfig.Builder settings, CountDownLatch gate, RequestLog log,
                                   Consumer<Served> test) throws Exception {
        withServer(settings, FakeZoo.gated("held", gate), gate, log, test);
    }

    private static void withServer(ServerConfig.Builder settings, ServedModel held, CountDownLatch gate,
                                   RequestLog log, Consumer<Served> test) throws Exception {
        ServerConfig config = settings.host("127.0.0.1").port(0).grpcPort(0).maxBatch(1).warmUp(false).build();
        try (MdiServer server = new MdiServer(config, FakeZoo.of(held), System::nanoTime, Thread::new, log)) {
            server.start();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort().getAsInt())
                    .usePlaintext().build();
            try {
                test.accept(new Served(server, channel));
            } finally {
                gate.countDown();
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private record Served(MdiServer server, ManagedChannel channel) {
        GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub blocking(Duration deadline) {
            return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub future() {
            return GRPCInferenceServiceGrpc.newFutureStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES);
        }

        void awaitRunning() {
            while (server.service().queueState("held").runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
        }

        void awaitQueued(int items) {
            while (server.service().queueState("held").queuedItems() < items) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void aFullQueueIsUnavailableWithRestsMessageAndRetryAfter() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        withServer(ServerConfig.builder().queueCapacity(1), gate, RequestLog.OFF, served -> {
            var running = served.future().modelInfer(HELD);
            served.awaitRunning();
            var queued = served.future().modelInfer(HELD);
            served.awaitQueued(1);
            assertThatThrownBy(() -> served.blocking(Duration.ofMinutes(1)).modelInfer(HELD))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                        assertThat(e.getStatus().getDescription())
                                .isEqualTo("model held is busy: its queue of 1 items is full; retry later");
                        assertThat(e.getTrailers().get(io.grpc.Metadata.Key.of("retry-after",
                                io.grpc.Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("1");
                    });
            gate.countDown();
            ModelInferResponse first = get(running);
            assertThat(first.getOutputs(0).getShapeList()).containsExactly(1L, (long) FakeZoo.CLASSES);
            assertThat(get(queued).getModelName()).isEqualTo("held");
        });
    }

    @Test
    void theServersRequestTimeoutIsDeadlineExceededWithRestsMessage() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        withServer(ServerConfig.builder().requestTimeout(Duration.ofMillis(300)), gate, RequestLog.OFF, served -> {
            var running = served.future().modelInfer(HELD);
            served.awaitRunning();
            assertThatThrownBy(() -> served.blocking(Duration.ofMinutes(1)).modelInfer(HELD))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                        assertThat(e.getStatus().getDescription())
                                .isEqualTo("the request was not answered within the server's request timeout");
                    });
            gate.countDown();
            assertThat(get(running).getModelName()).isEqualTo("held");
        });
    }

    @Test
    void aClientThatLeavesIsNotRunForWhenItsQueueReachesIt() throws Exception {
        AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(1));
        AnsweredRequestsHttpTest.Counted counted = AnsweredRequestsHttpTest.Counted.held(gate);
        List<Map<String, Object>> logged = new CopyOnWriteArrayList<>();
        withServer(ServerConfig.builder(), counted.model(), gate.get(), logged::add, served -> {
            var running = served.future().modelInfer(HELD);
            served.awaitRunning();
            assertThatThrownBy(() -> served.blocking(Duration.ofMillis(300)).modelInfer(HELD))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
            while (logged.isEmpty()) {
                Thread.onSpinWait();
            }
            assertThat(logged.get(0)).containsEntry("model", "held").containsEntry("status", 499);
            gate.get().countDown();
            assertThat(get(running).getModelName()).isEqualTo("held");
            assertThat(served.blocking(Duration.ofMinutes(1)).modelInfer(HELD).getModelName()).isEqualTo("held");
            // the one held and the one after: the queue skipped the one whose client left, which was ahead of it
            assertThat(counted.batches().get()).isEqualTo(2);
        });
    }

    private static <T> T get(java.util.concurrent.Future<T> reply) {
        try {
            return reply.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
