package org.mdinference.protocol;

/**
 * The names on the wire: the {@code parameters} of the zoo's requests and of every reply (docs/protocol.md), and
 * those of the binary tensor extension. Every module reads and writes these, never a string of its own.
 */
public final class OipNames {

    /** The request header that gives the length of the JSON that precedes binary tensor data (and the reply's). */
    public static final String INFERENCE_HEADER_CONTENT_LENGTH = "Inference-Header-Content-Length";

    // the zoo's request parameters
    /** The device's end-to-end latency target, ms. */
    public static final String SLA_MS = "sla_ms";
    /** Time spent before the server received the request (the upload), ms. */
    public static final String ELAPSED_MS = "elapsed_ms";
    /** The expected trip of the reply back to the device, ms. */
    public static final String RETURN_MS = "return_ms";
    /** The selection policy: asked for in a request, named in the zoo's reply. */
    public static final String POLICY = "policy";
    /** The top-1 accuracy of the device's own model, in [0, 1]. */
    public static final String MIN_ACCURACY = "min_accuracy";
    /** The return trips the device saw lately, as quantiles: a string of comma-separated ms. */
    public static final String RETURN_QUANTILES_MS = "return_quantiles_ms";

    // the parameters of every reply a model ran for
    public static final String QUEUE_MS = "queue_ms";
    public static final String INFERENCE_MS = "inference_ms";
    public static final String BATCH_SIZE = "batch_size";
    /** The server's own time on the request; also in a reply that no model fits. */
    public static final String SERVER_MS = "server_ms";

    // the zoo's reply parameters
    public static final String MODEL = "model";
    public static final String OUTCOME = "outcome";
    public static final String BUDGET_MS = "budget_ms";
    public static final String EXPECTED_QUEUE_MS = "expected_queue_ms";
    public static final String EXPECTED_FINISH_MS = "expected_finish_ms";
    public static final String WITHIN_BUDGET = "within_budget";
    public static final String REROUTED_FROM = "rerouted_from";
    /** The chance that the chosen member's answer reaches the device by the deadline, as the server reckons it. */
    public static final String ARRIVAL_CHANCE = "arrival_chance";
    /** The accuracy the device can expect of the chosen member: its top-1 times the chance it arrives, and more. */
    public static final String EXPECTED_ACCURACY = "expected_accuracy";

    // the binary tensor extension
    /** A tensor's parameter: its data follows the JSON, this many bytes of it. */
    public static final String BINARY_DATA_SIZE = "binary_data_size";
    /** A requested output's parameter: send it as binary data. */
    public static final String BINARY_DATA = "binary_data";
    /** A request's parameter: send every output as binary data. */
    public static final String BINARY_DATA_OUTPUT = "binary_data_output";

    private OipNames() {
    }
}
