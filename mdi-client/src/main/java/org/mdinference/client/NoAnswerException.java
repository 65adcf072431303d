package org.mdinference.client;

import org.jspecify.annotations.Nullable;

/**
 * Why a request's future failed: no answer could be given by the deadline, because the device model failed (the
 * cause) and the cloud's answer did not arrive in time, or because the client was closed first.
 */
public final class NoAnswerException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient CloudOutcome cloud;

    NoAnswerException(String message, @Nullable Throwable cause, CloudOutcome cloud) {
        super(message, cause);
        this.cloud = cloud;
    }

    /** What became of the cloud call. */
    public CloudOutcome cloud() {
        return cloud;
    }
}
