package org.mdinference.server.protocol;

import java.util.OptionalInt;

/**
 * A request the server refuses, with the HTTP status of the refusal: thrown by whatever finds the fault, written as
 * {@code {"error": message}} by the one error mapper.
 */
public final class OipException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient OptionalInt retryAfterSeconds;

    private OipException(int status, String message, OptionalInt retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400: malformed JSON, a wrong datatype or shape, an undecodable image, a missing or impossible parameter. */
    public static OipException badRequest(String message) {
        return new OipException(400, message, OptionalInt.empty());
    }

    /** 404: no model of that name. */
    public static OipException notFound(String message) {
        return new OipException(404, message, OptionalInt.empty());
    }

    /** 413: a body over the configured limit. */
    public static OipException tooLarge(String message) {
        return new OipException(413, message, OptionalInt.empty());
    }

    /** 503 with {@code Retry-After}: the model's queue is full. */
    public static OipException busy(String message, int retryAfterSeconds) {
        return new OipException(503, message, OptionalInt.of(retryAfterSeconds));
    }

    public int status() {
        return status;
    }

    public OptionalInt retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
