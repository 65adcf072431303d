package org.mdinference.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mdinference.grpc.GRPCInferenceServiceGrpc;
import org.mdinference.grpc.InferParameter;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.grpc.ModelInferResponse;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;

/**
 * The first gRPC zoo request after "ready" takes the path the warm-up's gRPC calls took: it loads no class. Its
 * latency, and the tenth's, are printed, not bounded: on a shared machine a bound would test the machine.
 */
class GrpcFirstRequestTest {

    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    @Test
    void theFirstGrpcZooRequestAfterReadyLoadsNoClass() throws Exception {
        float[] image = Committed.tensor(IdxDataset.testSplit(Committed.testSplit()), 0);
        ByteBuffer raw = ByteBuffer.allocate(4 * image.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(image);
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder()
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addAllShape(List.of(1L, 1L, 28L, 28L)))
                .addRawInputContents(ByteString.copyFrom(raw.array()))
                .putParameters("sla_ms", InferParameter.newBuilder().setInt64Param(5).build());
        try (MdiServer server = CommittedZooServer.start(ServerConfig.builder().grpcPort(0).maxBatch(4)
                .intraOpThreads(1))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort().getAsInt())
                    .usePlaintext().build();
            try {
                var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES);
                // the test's own channel connects, and loads what a refused call loads, first
                assertThatThrownBy(() -> stub.modelInfer(request.setModelName("nope").build()))
                        .isInstanceOf(StatusRuntimeException.class);
                ModelInferRequest zoo = request.setModelName(server.service().zoo().name()).build();
                long before = CLASSES.getTotalLoadedClassCount();

                ModelInferResponse first = stub.modelInfer(zoo);

                long loaded = CLASSES.getTotalLoadedClassCount() - before;
                ModelInferResponse tenth = first;
                for (int i = 1; i < 10; i++) {
                    tenth = stub.modelInfer(zoo);
                }
                for (ModelInferResponse reply : List.of(first, tenth)) {
                    InferParameter none = InferParameter.getDefaultInstance();
                    System.out.printf("gRPC zoo request %s after ready: %s %s, server_ms %.3f%n",
                            reply == first ? "1" : "10",
                            reply.getParametersOrDefault("outcome", none).getStringParam(),
                            reply.getParametersOrDefault("model", none).getStringParam(),
                            reply.getParametersOrDefault("server_ms", none).getDoubleParam());
                }
                assertThat(loaded).as("classes loaded while serving the first gRPC zoo request").isZero();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
