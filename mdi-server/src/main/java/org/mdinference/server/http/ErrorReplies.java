package org.mdinference.server.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.mdinference.onnx.InferenceException;
import org.mdinference.server.protocol.InferReplyEncoder;
import org.mdinference.server.protocol.OipException;
import org.mdinference.server.remote.RemoteMemberException;
import org.mdinference.server.scheduling.MissedStartException;
import org.mdinference.server.scheduling.QueueClosedException;

/**
 * The one mapping from what can go wrong to the protocol's error replies, {@code {"error": message}} with a status:
 * the server's own {@link OipException} with its status, Javalin's (unknown route, wrong method) with theirs, a
 * rejected value 400, a closing queue 503, a request past its timeout 504, a request to a member that its queue
 * reached too late to finish within its {@code sla_ms} 504, a failing model or anything else 500.
 */
public final class ErrorReplies {

    private final InferReplyEncoder encoder;

    public ErrorReplies(InferReplyEncoder encoder) {
        this.encoder = encoder;
    }

    /** Writes the error reply for a failure (unwrapped from a future's wrapper) and returns its status. */
    public int write(Context ctx, Throwable failure) {
        Throwable cause = unwrap(failure);
        int status = status(cause);
        if (cause instanceof OipException oip) {
            oip.retryAfterSeconds().ifPresent(seconds -> ctx.header("Retry-After", Integer.toString(seconds)));
        }
        ctx.status(status).contentType("application/json")
                .result(encoder.json(Map.of("error", message(cause, status))));
        return status;
    }

    static int status(Throwable cause) {
        if (cause instanceof OipException oip) {
            return oip.status();
        }
        if (cause instanceof HttpResponseException http) {
            return http.getStatus();
        }
        if (cause instanceof QueueClosedException) {
            return 503;
        }
        if (cause instanceof TimeoutException || cause instanceof MissedStartException) {
            return 504;
        }
        if (cause instanceof RemoteMemberException remote) {
            return remote.late() ? 504 : 502;
        }
        if (cause instanceof IllegalArgumentException && !(cause instanceof NumberFormatException)) {
            return 400;
        }
        return 500;
    }

    private static String message(Throwable cause, int status) {
        if (cause instanceof TimeoutException) {
            return "the request was not answered within the server's request timeout";
        }
        if (cause instanceof InferenceException || status < 500 || cause instanceof QueueClosedException
                || cause instanceof MissedStartException || cause instanceof RemoteMemberException) {
            return cause.getMessage();
        }
        return "internal error: " + cause;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
