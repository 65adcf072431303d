package org.mdinference.server.metrics;

/** How a request ended, as the metrics and the request log name it. */
public enum Outcome {
    /** A model answered. */
    SERVED("served"),
    /** The zoo predicted that no model would finish within the budget and answered at once. */
    NO_MODEL_FITS("no_model_fits"),
    /** The model's queue was full (503). */
    REJECTED("rejected"),
    /** The request was wrong (4xx). */
    CLIENT_ERROR("client_error"),
    /** The server or the model failed (5xx). */
    SERVER_ERROR("server_error");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Outcome ofStatus(int status) {
        if (status == 503) {
            return REJECTED;
        }
        return status >= 500 ? SERVER_ERROR : CLIENT_ERROR;
    }
}
