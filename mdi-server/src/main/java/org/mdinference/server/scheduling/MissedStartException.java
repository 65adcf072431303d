package org.mdinference.server.scheduling;

/**
 * A queued job was not taken by its latest start: the batches ahead of it ran longer than expected, and it would
 * finish past its budget. It did not run; a zoo request is decided again with the time that is left, a request to
 * a member is answered that it is too late (504).
 */
public final class MissedStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MissedStartException(String model) {
        super("the queue of model " + model + " reached the request after its latest start: it would have finished"
                + " past its budget (sla_ms - elapsed_ms - return_ms), so it did not run");
    }
}
