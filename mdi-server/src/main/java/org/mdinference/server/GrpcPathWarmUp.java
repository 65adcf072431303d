package org.mdinference.server;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mdinference.grpc.GRPCInferenceServiceGrpc;
import org.mdinference.grpc.InferParameter;
import org.mdinference.grpc.InferTensorContents;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.protocol.OipNames;
import org.mdinference.server.access.GrpcAccess;
import org.mdinference.server.access.LoopbackAccess;
import org.mdinference.server.grpc.GrpcServer;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.model.ServedZoo;

/**
 * The gRPC half of the request path's warm-up ({@link RequestPathWarmUp} is the REST half): real calls from the
 * server to its own gRPC port, as clients send them (raw and typed FP32 contents, a PNG as BYTES, zoo requests),
 * as many rounds as REST's on the fastest member and the zoo and one on every model. They carry the server's secret
 * {@link GrpcServer#WARM_UP_KEY} token, so they are served before the server is ready, by the warm-up twin of its
 * service, and counted nowhere. Without them the first gRPC request after "ready" loaded protobuf's and grpc-java's
 * classes on its way, hundreds of ms on a loaded machine.
 */
final class GrpcPathWarmUp {

    private final InferenceService service;
    private final String token;

    GrpcPathWarmUp(InferenceService service, String token) {
        this.service = service;
        this.token = token;
    }

    /** @throws IllegalStateException when a warm-up call fails: the server would fail real ones too */
    void run(String host, int port, LoopbackAccess access) {
        Metadata marked = new Metadata();
        marked.put(GrpcServer.WARM_UP_KEY, token);
        access.authorization().ifPresent(value -> marked.put(GrpcAccess.AUTHORIZATION, value));
        ManagedChannel channel = (access.trustManager().isPresent()
                ? NettyChannelBuilder.forAddress(host, port, TlsChannelCredentials.newBuilder()
                        .trustManager(access.trustManager().get()).build())
                : NettyChannelBuilder.forAddress(host, port).usePlaintext()).build();
        try {
            GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc
                    .newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(marked));
            ServedZoo zoo = service.zoo();
            ServedModel fastest = zoo.fastest();
            Optional<Double> fastChoice = Optional.of(Math.max(1,
                    RequestPathWarmUp.ZOO_ROUND_SLA_FACTOR * fastest.costs().singleMs()));
            long deadline = System.nanoTime() + RequestPathWarmUp.MAX_NANOS;
            for (int round = 0; round < RequestPathWarmUp.ROUNDS && System.nanoTime() - deadline < 0; round++) {
                serve(stub, fastest, fastest.name(), Optional.empty(), round < RequestPathWarmUp.IMAGE_ROUNDS);
                serve(stub, fastest, zoo.name(), fastChoice, false);
            }
            for (ServedModel member : zoo.members()) {
                serve(stub, member, member.name(), Optional.empty(), false);
            }
            serve(stub, fastest, zoo.name(), Optional.of(1e6), false);
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @param slaMs a zoo request's; none for a member */
    private static void serve(GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub, ServedModel member,
                              String model, Optional<Double> slaMs, boolean withImage) {
        long[] shape = member.input().forBatch(1);
        float[] values = member.input().seededItems(1, member.input().itemElements());
        ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(member.inputSpec().name()).setDatatype("FP32");
        for (long dim : shape) {
            input.addShape(dim);
        }
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model);
        slaMs.ifPresent(ms -> request.putParameters(OipNames.SLA_MS,
                InferParameter.newBuilder().setDoubleParam(ms).build()));
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        call(stub, request.clone().addInputs(input).addRawInputContents(ByteString.copyFrom(raw.array())).build(),
                true);
        InferTensorContents.Builder typed = InferTensorContents.newBuilder();
        for (float value : values) {
            typed.addFp32Contents(value);
        }
        call(stub, request.clone().addInputs(input.clone().setContents(typed)).build(), true);
        if (withImage) {
            byte[] png = RequestPathWarmUp.png();
            ModelInferRequest.InferInputTensor.Builder image = ModelInferRequest.InferInputTensor.newBuilder()
                    .setName(member.inputSpec().name()).setDatatype("BYTES").addShape(1);
            ByteBuffer element = ByteBuffer.allocate(4 + png.length).order(ByteOrder.LITTLE_ENDIAN);
            element.putInt(png.length).put(png);
            // a model that takes raw tensors only, or images of another size, refuses it: its image path stays cold
            call(stub, request.clone().addInputs(image).addRawInputContents(ByteString.copyFrom(element.array()))
                    .build(), false);
            call(stub, request.clone().addInputs(image.clone().setContents(InferTensorContents.newBuilder()
                    .addBytesContents(ByteString.copyFrom(png)))).build(), false);
        }
    }

    private static void call(GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub,
                             ModelInferRequest request, boolean mustSucceed) {
        try {
            stub.withDeadlineAfter(1, TimeUnit.MINUTES).modelInfer(request);
        } catch (StatusRuntimeException e) {
            if (mustSucceed) {
                throw new IllegalStateException("a gRPC warm-up call to " + request.getModelName() + " failed: "
                        + e.getStatus(), e);
            }
        }
    }
}
