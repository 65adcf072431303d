package org.mdinference.server.access;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Locale;
import java.util.Set;
import org.mdinference.grpc.GRPCInferenceServiceGrpc;
import org.mdinference.protocol.BearerTokens;
import org.mdinference.server.metrics.ServerMetrics;

/**
 * The gRPC listener's token check: the {@code authorization} metadata ({@code Bearer TOKEN}), read when a call
 * starts, before its message is delivered. A call without a token ends UNAUTHENTICATED, one with a wrong token
 * PERMISSION_DENIED; ServerLive and ServerReady stay open, as REST's health routes do.
 */
public final class GrpcAccess implements ServerInterceptor {

    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of(
            BearerTokens.AUTHORIZATION.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> OPEN = Set.of(GRPCInferenceServiceGrpc.getServerLiveMethod().getFullMethodName(),
            GRPCInferenceServiceGrpc.getServerReadyMethod().getFullMethodName());

    private final TokenCheck tokens;
    private final ServerMetrics metrics;

    public GrpcAccess(TokenCheck tokens, ServerMetrics metrics) {
        this.tokens = tokens;
        this.metrics = metrics;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (OPEN.contains(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        return switch (tokens.check(headers.get(AUTHORIZATION))) {
            case MISSING -> refuse(call, Status.UNAUTHENTICATED, "missing", "this server asks for a bearer token:"
                    + " send the metadata 'authorization: Bearer TOKEN'");
            case WRONG -> refuse(call, Status.PERMISSION_DENIED, "wrong",
                    "the bearer token is not one this server accepts");
            case ACCEPTED -> next.startCall(call, headers);
        };
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String reason,
                                                 String message) {
        metrics.refused("grpc", reason);
        call.close(status.withDescription(message), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
