package org.mdinference.server.remote;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.mdinference.grpc.GRPCInferenceServiceGrpc;
import org.mdinference.grpc.InferParameter;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.grpc.ModelInferResponse;
import org.mdinference.grpc.ModelMetadataRequest;
import org.mdinference.grpc.ModelMetadataResponse;
import org.mdinference.grpc.ModelReadyRequest;
import org.mdinference.grpc.ServerMetadataRequest;
import org.mdinference.onnx.ModelEndpoint;
import org.mdinference.protocol.BearerTokens;
import org.mdinference.protocol.OipNames;
import org.mdinference.server.access.GrpcAccess;

/**
 * A remote model over the Open Inference Protocol's gRPC API ({@code inference.GRPCInferenceService}, one HTTP/2
 * channel per endpoint): inputs as {@code raw_input_contents}, outputs read raw or typed, the budget as a double
 * parameter, each call's deadline as gRPC's own.
 */
public final class GrpcTransport implements MemberTransport {

    /** Larger than any reply of a zoo member: a batch of outputs, not images. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final ModelEndpoint endpoint;
    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;

    public GrpcTransport(ModelEndpoint endpoint) {
        this(endpoint, MemberAccess.NONE);
    }

    /**
     * @param access for a {@code grpcs://} endpoint, the CAs trusted (else the JVM's); for any, the token sent as
     *               {@code authorization} metadata on every call
     */
    public GrpcTransport(ModelEndpoint endpoint, MemberAccess access) {
        if (endpoint.transport() != ModelEndpoint.Transport.GRPC) {
            throw new IllegalArgumentException("endpoint " + endpoint + " is not a grpc:// or grpcs:// one");
        }
        this.endpoint = endpoint;
        String host = endpoint.server().getHost();
        int port = endpoint.server().getPort();
        NettyChannelBuilder builder;
        if (endpoint.tls()) {
            TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
            access.trusted().ifPresent(trusted -> tls.trustManager(trusted.trustManager()));
            builder = NettyChannelBuilder.forAddress(host, port, tls.build());
        } else {
            builder = NettyChannelBuilder.forAddress(host, port).usePlaintext();
        }
        this.channel = builder.maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
        GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc
                .newBlockingStub(channel);
        if (access.token().isPresent()) {
            Metadata headers = new Metadata();
            headers.put(GrpcAccess.AUTHORIZATION, BearerTokens.header(access.token().get()));
            stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        this.stub = stub;
    }

    @Override
    public ModelEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public String serverName(Duration timeout) throws RemoteCallException {
        try {
            return within(timeout.toNanos()).serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName();
        } catch (StatusRuntimeException e) {
            throw failure(e, timeout.toNanos());
        }
    }

    @Override
    public RemoteMetadata metadata(Duration timeout) throws RemoteCallException {
        try {
            ModelMetadataResponse model = within(timeout.toNanos()).modelMetadata(ModelMetadataRequest.newBuilder()
                    .setName(endpoint.model()).build());
            return new RemoteMetadata(model.getName(), tensors(model.getInputsList()),
                    tensors(model.getOutputsList()));
        } catch (StatusRuntimeException e) {
            throw failure(e, timeout.toNanos());
        }
    }

    private static List<RemoteMetadata.Tensor> tensors(List<ModelMetadataResponse.TensorMetadata> tensors) {
        return tensors.stream().map(t -> new RemoteMetadata.Tensor(t.getName(), t.getDatatype(), t.getShapeList()))
                .toList();
    }

    @Override
    public boolean ready(Duration timeout) {
        try {
            return within(timeout.toNanos()).modelReady(ModelReadyRequest.newBuilder().setName(endpoint.model())
                    .build()).getReady();
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    @Override
    public RemoteReply infer(RemoteCall call) throws RemoteCallException {
        if (call.timeoutNanos() <= 0) {
            throw new RemoteCallException(RemoteCallException.Kind.TIMED_OUT, "no time left to call " + endpoint);
        }
        ByteBuffer raw = ByteBuffer.allocate(call.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(call.values());
        ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(call.inputName()).setDatatype("FP32");
        for (long dim : call.shape()) {
            input.addShape(dim);
        }
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(endpoint.model())
                .addInputs(input).addRawInputContents(ByteString.copyFrom(raw.array()))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(call.outputName()));
        call.budgetMs().ifPresent(ms -> request.putParameters(OipNames.SLA_MS,
                InferParameter.newBuilder().setDoubleParam(ms).build()));
        ModelInferResponse reply;
        try {
            reply = within(call.timeoutNanos()).modelInfer(request.build());
        } catch (StatusRuntimeException e) {
            throw failure(e, call.timeoutNanos());
        }
        return output(reply, call.outputName());
    }

    private RemoteReply output(ModelInferResponse reply, String name) throws RemoteCallException {
        for (int i = 0; i < reply.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor output = reply.getOutputs(i);
            if (!output.getName().equals(name)) {
                continue;
            }
            if (!output.getDatatype().equals("FP32")) {
                throw new RemoteCallException(RemoteCallException.Kind.REFUSED, endpoint + " returned output "
                        + name + " as " + output.getDatatype() + ", not FP32");
            }
            float[] values;
            if (i < reply.getRawOutputContentsCount()) {
                ByteBuffer raw = reply.getRawOutputContents(i).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                values = new float[raw.remaining() / Float.BYTES];
                raw.asFloatBuffer().get(values);
            } else {
                List<Float> typed = output.getContents().getFp32ContentsList();
                values = new float[typed.size()];
                for (int k = 0; k < values.length; k++) {
                    values[k] = typed.get(k);
                }
            }
            long[] shape = output.getShapeList().stream().mapToLong(Long::longValue).toArray();
            return new RemoteReply(shape, values, number(reply, OipNames.QUEUE_MS),
                    number(reply, OipNames.INFERENCE_MS));
        }
        throw new RemoteCallException(RemoteCallException.Kind.REFUSED, endpoint + " returned no output named "
                + name);
    }

    private static OptionalDouble number(ModelInferResponse reply, String name) {
        InferParameter parameter = reply.getParametersMap().get(name);
        if (parameter == null) {
            return OptionalDouble.empty();
        }
        return switch (parameter.getParameterChoiceCase()) {
            case DOUBLE_PARAM -> OptionalDouble.of(parameter.getDoubleParam());
            case INT64_PARAM -> OptionalDouble.of(parameter.getInt64Param());
            default -> OptionalDouble.empty();
        };
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub within(long timeoutNanos) {
        return timeoutNanos == Long.MAX_VALUE ? stub : stub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** What a failed call says of the endpoint: gRPC's status codes read as the REST statuses they stand for. */
    private RemoteCallException failure(StatusRuntimeException e, long timeoutNanos) {
        Status status = e.getStatus();
        String message = endpoint + " answered " + status.getCode() + ": " + status.getDescription();
        RemoteCallException.Kind kind = switch (status.getCode()) {
            // no connection (refused, no route) is a ConnectException; UNAVAILABLE is also a full queue, a 503
            case UNAVAILABLE -> e.getCause() instanceof ConnectException ? RemoteCallException.Kind.UNREACHABLE
                    : RemoteCallException.Kind.FAILED;
            case DEADLINE_EXCEEDED -> RemoteCallException.Kind.TIMED_OUT;
            // a missing or wrong token will not mend by itself: said at start, as REST's 401 and 403 are
            case INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, OUT_OF_RANGE, UNIMPLEMENTED, UNAUTHENTICATED,
                    PERMISSION_DENIED ->
                    RemoteCallException.Kind.REFUSED;
            default -> RemoteCallException.Kind.FAILED;
        };
        if (kind == RemoteCallException.Kind.TIMED_OUT) {
            message = endpoint + " did not answer within " + Math.round(timeoutNanos / 1e6) + " ms ("
                    + status.getDescription() + ")";
        }
        return new RemoteCallException(kind, message, e);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
