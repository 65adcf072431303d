package org.mdinference.server.scheduling;

/** The typed cause of a job's failure when its queue closed before the job ran: the server is shutting down. */
public final class QueueClosedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QueueClosedException(String model) {
        super("model " + model + " is shutting down");
    }
}
