package org.mdinference.server.remote;

/**
 * A remote member gave no answer to a batch: none of its endpoints is in rotation, or the call failed. A zoo request
 * it held is decided again with the time it has left; a request to the member itself gets the error.
 */
public final class RemoteMemberException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean late;

    RemoteMemberException(String message, boolean late, Throwable cause) {
        super(message, cause);
        this.late = late;
    }

    /** Whether the member ran out of the caller's time rather than failed (a 504, not a 502). */
    public boolean late() {
        return late;
    }
}
