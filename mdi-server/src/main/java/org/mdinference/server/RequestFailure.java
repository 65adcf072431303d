package org.mdinference.server;

import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.mdinference.onnx.InferenceException;
import org.mdinference.server.protocol.OipException;
import org.mdinference.server.remote.RemoteMemberException;
import org.mdinference.server.scheduling.MissedStartException;
import org.mdinference.server.scheduling.QueueClosedException;

/**
 * What a failed request is answered, whatever the transport: the HTTP status (which the gRPC service maps to its
 * codes), the message a client reads, and how long a client should wait before it retries. The one mapping from
 * what can go wrong: the server's own {@link OipException} with its status, a rejected value 400, a closing queue
 * 503, a request past its timeout 504, a request to a member that its queue reached too late to finish within its
 * {@code sla_ms} 504, a remote member that gave no answer 502 (504 when it ran out of the request's time), a
 * failing model or anything else 500. The message is the failure's own when the server or the
 * model meant it for the client (every {@link OipException}, a full queue's 503 too); an unexpected one is named
 * "internal error" with its cause.
 *
 * @param status            400, 404, 413, 502, 503, 504 or 500
 * @param retryAfterSeconds for a 503 of a full queue
 */
public record RequestFailure(int status, String message, OptionalInt retryAfterSeconds) {

    /** The answer to a failure, unwrapped from the future's wrappers first. */
    public static RequestFailure of(Throwable failure) {
        Throwable cause = unwrap(failure);
        int status = status(cause);
        return new RequestFailure(status, message(cause, status), cause instanceof OipException oip
                ? oip.retryAfterSeconds() : OptionalInt.empty());
    }

    private static int status(Throwable cause) {
        if (cause instanceof OipException oip) {
            return oip.status();
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
        if (cause instanceof OipException || cause instanceof InferenceException || status < 500
                || cause instanceof QueueClosedException || cause instanceof MissedStartException
                || cause instanceof RemoteMemberException) {
            return String.valueOf(cause.getMessage());
        }
        return "internal error: " + cause;
    }

    /** The failure a future's wrappers hold. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
