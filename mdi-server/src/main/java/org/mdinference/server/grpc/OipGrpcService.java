package org.mdinference.server.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.mdinference.grpc.GRPCInferenceServiceGrpc;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.grpc.ModelInferResponse;
import org.mdinference.grpc.ModelMetadataRequest;
import org.mdinference.grpc.ModelMetadataResponse;
import org.mdinference.grpc.ModelReadyRequest;
import org.mdinference.grpc.ModelReadyResponse;
import org.mdinference.grpc.ServerLiveRequest;
import org.mdinference.grpc.ServerLiveResponse;
import org.mdinference.grpc.ServerMetadataRequest;
import org.mdinference.grpc.ServerMetadataResponse;
import org.mdinference.grpc.ServerReadyRequest;
import org.mdinference.grpc.ServerReadyResponse;
import org.mdinference.server.Draining;
import org.mdinference.server.InferenceService;
import org.mdinference.server.RequestFailure;
import org.mdinference.server.ServedMetadata;
import org.mdinference.server.metrics.Outcome;
import org.mdinference.server.metrics.RequestLog;
import org.mdinference.server.metrics.ServerMetrics;
import org.mdinference.server.protocol.InferRequest;
import org.mdinference.server.protocol.InferResponse;
import org.mdinference.server.protocol.OipException;

/**
 * The Open Inference Protocol's gRPC API over the same {@link InferenceService} as the REST routes, answering as
 * they do: the same readiness, metadata, decoded requests, replies, error messages (as status codes), request log
 * and metrics, and the same request timeout. Inference is asynchronous: the call's thread decodes and admits the
 * request, and the batcher thread that completes it sends the reply.
 *
 * <p>Unlike REST's, a gRPC call tells when its client leaves (a cancellation, or the client's deadline passing): the
 * request is then withdrawn from its queue, counted as a client error and logged with status 499 (the status web
 * servers log for a client that closed its request).
 */
final class OipGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    /** Logged for a request whose client cancelled it: no reply goes out. */
    static final int CLIENT_CLOSED = 499;

    private final InferenceService service;
    private final GrpcRequests requests;
    private final ServerMetrics metrics;
    private final RequestLog log;
    private final LongSupplier nanoClock;
    private final Duration timeout;
    private final String version;
    private final BooleanSupplier ready;
    private final InferenceService warmUpService;

    /**
     * @param ready         whether the models are warm and requests are served: the REST routes' readiness
     * @param warmUpService serves this process's own warm-up calls ({@link WarmUpMark}) on the path real ones
     *                      take, with metrics and live profiles of its own; they are served before the server is
     *                      ready, and counted and logged nowhere
     */
    OipGrpcService(InferenceService service, GrpcRequests requests, ServerMetrics metrics, RequestLog log,
                   LongSupplier nanoClock, Duration timeout, String version, BooleanSupplier ready,
                   InferenceService warmUpService) {
        this.service = service;
        this.requests = requests;
        this.metrics = metrics;
        this.log = log;
        this.nanoClock = nanoClock;
        this.timeout = timeout;
        this.version = version;
        this.ready = ready;
        this.warmUpService = warmUpService;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> reply) {
        answer(reply, ServerLiveResponse.newBuilder().setLive(true).build());
    }

    /** Not ready while warming up or draining: OK with {@code ready: false}, as the protocol's health messages say. */
    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> reply) {
        answer(reply, ServerReadyResponse.newBuilder().setReady(ready.getAsBoolean()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> reply) {
        try {
            ServedMetadata.checkServed(service, request.getName(), version(request.getVersion()));
            answer(reply, ModelReadyResponse.newBuilder().setReady(ready.getAsBoolean()).build());
        } catch (RuntimeException e) {
            reply.onError(GrpcReplies.status(RequestFailure.of(e)));
        }
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> reply) {
        answer(reply, ServerMetadataResponse.newBuilder().setName(ServedMetadata.SERVER_NAME).setVersion(version)
                .addAllExtensions(ServedMetadata.EXTENSIONS).build());
    }

    /** As REST's, but for the zoo's list of members: the message has no parameters. */
    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> reply) {
        try {
            ServedMetadata.checkServed(service, request.getName(), version(request.getVersion()));
            ServedMetadata.Model model = ServedMetadata.model(service, request.getName());
            ModelMetadataResponse.Builder metadata = ModelMetadataResponse.newBuilder().setName(model.name())
                    .addAllVersions(model.versions()).setPlatform(model.platform());
            model.inputs().forEach(tensor -> metadata.addInputs(tensor(tensor)));
            model.outputs().forEach(tensor -> metadata.addOutputs(tensor(tensor)));
            answer(reply, metadata.build());
        } catch (RuntimeException e) {
            reply.onError(GrpcReplies.status(RequestFailure.of(e)));
        }
    }

    private static ModelMetadataResponse.TensorMetadata tensor(ServedMetadata.Tensor tensor) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(tensor.name())
                .setDatatype(tensor.datatype()).addAllShape(tensor.shape()).build();
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> reply) {
        String model = request.getModelName();
        boolean warmUp = WarmUpMark.WARM_UP.get();
        CompletableFuture<InferResponse> answer;
        try {
            ServedMetadata.checkServed(service, model, version(request.getModelVersion()));
            if (!warmUp && !ready.getAsBoolean()) {
                throw service.draining().active() ? Draining.refusal()
                        : OipException.busy("the server is warming its models up; retry in a moment", 1);
            }
            // the message is all here by now: the server's time starts, as REST's does once the body is read
            long received = nanoClock.getAsLong();
            InferRequest decoded = requests.decode(request);
            // the timeout and a client's cancellation both answer the reply, which withdraws the job from its queue
            answer = (warmUp ? warmUpService : service).infer(model, decoded, received)
                    .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            RequestFailure failure = RequestFailure.of(e);
            if (!warmUp) {
                counted(service.serves(model) ? model : "unknown", failure.status());
            }
            reply.onError(GrpcReplies.status(failure));
            return;
        }
        ServerCallStreamObserver<ModelInferResponse> call = (ServerCallStreamObserver<ModelInferResponse>) reply;
        call.setOnCancelHandler(() -> answer.cancel(false));
        answer.whenComplete((response, failure) -> respond(call, model, warmUp, failure, response));
    }

    /** A call its client left gets no reply; it is counted as a client error, logged with its own status. */
    private void respond(ServerCallStreamObserver<ModelInferResponse> call, String model, boolean warmUp,
                         @Nullable Throwable failure, @Nullable InferResponse response) {
        boolean gone = call.isCancelled();
        if (failure != null) {
            RequestFailure refusal = RequestFailure.of(failure);
            if (!warmUp) {
                counted(model, gone ? CLIENT_CLOSED : refusal.status());
            }
            if (!gone) {
                call.onError(GrpcReplies.status(refusal));
            }
        } else {
            if (!gone) {
                answer(call, GrpcReplies.reply(response));
            }
            if (!warmUp) {
                // counted by the service, as served
                log.request(model, gone ? CLIENT_CLOSED : 200, response.parameters().toMap());
            }
        }
    }

    private void counted(String model, int status) {
        metrics.request(model, Outcome.ofStatus(status));
        log.request(model, status, Map.of());
    }

    /** The version a request asks for; none when it leaves the field empty. */
    private static Optional<String> version(String requested) {
        return requested.isEmpty() ? Optional.empty() : Optional.of(requested);
    }

    private static <T> void answer(StreamObserver<T> reply, T message) {
        reply.onNext(message);
        reply.onCompleted();
    }
}
