package org.mdinference.server.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import java.util.OptionalInt;
import org.mdinference.server.RequestFailure;
import org.mdinference.server.protocol.InferReplyEncoder;

/**
 * Writes the protocol's error replies, {@code {"error": message}} with a status and, for a full queue,
 * {@code Retry-After}: Javalin's own failures (unknown route, wrong method) with their status, everything else as
 * the transport-free {@link RequestFailure} maps it.
 */
public final class ErrorReplies {

    private final InferReplyEncoder encoder;

    public ErrorReplies(InferReplyEncoder encoder) {
        this.encoder = encoder;
    }

    /** Writes the error reply for a failure (unwrapped from a future's wrapper) and returns its status. */
    public int write(Context ctx, Throwable failure) {
        RequestFailure reply = RequestFailure.unwrap(failure) instanceof HttpResponseException http
                ? javalin(http) : RequestFailure.of(failure);
        reply.retryAfterSeconds().ifPresent(seconds -> ctx.header("Retry-After", Integer.toString(seconds)));
        ctx.status(reply.status()).contentType("application/json")
                .result(encoder.json(Map.of("error", reply.message())));
        return reply.status();
    }

    private static RequestFailure javalin(HttpResponseException http) {
        int status = http.getStatus();
        return new RequestFailure(status, status < 500 ? String.valueOf(http.getMessage()) : "internal error: " + http,
                OptionalInt.empty());
    }
}
