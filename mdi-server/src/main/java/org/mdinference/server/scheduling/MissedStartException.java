package org.mdinference.server.scheduling;

/**
 * A queued job was not taken by its latest start: the batches ahead of it ran longer than expected, and it would
 * finish late. It did not run; its caller decides again with the time that is left.
 */
public final class MissedStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MissedStartException(String model) {
        super("the queue of model " + model + " did not reach the request in time");
    }
}
