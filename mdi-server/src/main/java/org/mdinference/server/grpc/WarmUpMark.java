package org.mdinference.server.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Marks the server's own warm-up calls, those whose {@link GrpcServer#WARM_UP_KEY} header holds the process's
 * secret token, in the call's context: the gRPC counterpart of REST's warm-up header. A header with any other value
 * marks nothing.
 */
final class WarmUpMark implements ServerInterceptor {

    /** Whether the current call is one of the warm-up's. */
    static final Context.Key<Boolean> WARM_UP = Context.keyWithDefault("mdi-warm-up", false);

    private final String token;

    WarmUpMark(String token) {
        this.token = token;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (token.equals(headers.get(GrpcServer.WARM_UP_KEY))) {
            return Contexts.interceptCall(Context.current().withValue(WARM_UP, true), call, headers, next);
        }
        return next.startCall(call, headers);
    }
}
