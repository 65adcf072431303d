package org.mdinference.server.remote;

/** A call to a remote member's endpoint that gave no answer, and why. */
public final class RemoteCallException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, which decides what it says of the endpoint's health. */
    public enum Kind {
        /** No connection: refused, no route, unknown host. The endpoint is down. */
        UNREACHABLE,
        /** A 5xx, a reset connection, a reply that is no answer. */
        FAILED,
        /** No answer within the caller's time. */
        TIMED_OUT,
        /** An mdinference member refused to start the batch so late (504): it is busy, not broken. */
        LATE,
        /** The member refused the request itself (4xx): the zoo and the member disagree on what it takes. */
        REFUSED
    }

    private final Kind kind;

    public RemoteCallException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RemoteCallException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
