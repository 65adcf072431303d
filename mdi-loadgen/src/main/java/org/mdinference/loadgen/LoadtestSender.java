package org.mdinference.loadgen;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.mdinference.protocol.OipNames;
import org.mdinference.protocol.ReplyParameters;
import org.mdinference.protocol.ZooOutcome;

/**
 * Sends the load test's request on a connection and records the reply: latency on the client's clock from the
 * moment the request was due, status, the model that answered ({@code parameters.model} of a zoo reply, else
 * {@code model_name}), whether a served reply came within the budget the request gave, and the server's own
 * timings (server_ms, queue_ms, inference_ms, batch_size) read from the reply. An open loop's request sent after
 * it was due adds the delay to its {@code elapsed_ms}, as a device would.
 */
final class LoadtestSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadtestRequest request;
    private final LoadtestRecorder recorder;
    private final double budgetMs;

    /** @param budgetMs sla less elapsed and return; NaN when the requests carry no SLA */
    LoadtestSender(LoadtestRequest request, LoadtestRecorder recorder, double budgetMs) {
        this.request = request;
        this.recorder = recorder;
        this.budgetMs = budgetMs;
    }

    /** Sends now, as a closed loop's client does, on this connection and waits for the reply. */
    void send(LoadtestConnection connection) {
        exchange(connection, request.bytes(), System.nanoTime());
    }

    /**
     * Sends a request due at {@code dueNanos}, an open loop's slot, on this connection and waits for the reply; its
     * {@code elapsed_ms} counts how late it goes out.
     */
    void send(LoadtestConnection connection, long dueNanos) {
        exchange(connection, request.sentLate((System.nanoTime() - dueNanos) / 1e6), dueNanos);
    }

    private void exchange(LoadtestConnection connection, byte[] bytes, long dueNanos) {
        LoadtestConnection.Reply reply;
        try {
            reply = connection.exchange(bytes);
        } catch (IOException | RuntimeException e) {
            connection.close();
            recorder.failed();
            return;
        }
        record(reply, (System.nanoTime() - dueNanos) / 1e6);
    }

    private void record(LoadtestConnection.Reply reply, double latencyMs) {
        if (reply.status() != 200) {
            recorder.record(LoadtestRecorder.Reply.failed(reply.status(), latencyMs));
            return;
        }
        JsonNode json;
        ReplyParameters parameters = ReplyParameters.NONE;
        try {
            int length = reply.header(OipNames.INFERENCE_HEADER_CONTENT_LENGTH).map(Integer::parseInt)
                    .orElse(reply.body().length);
            json = JSON.readTree(reply.body(), 0, length);
            if (json.path("parameters").isObject()) {
                try (JsonParser parser = json.path("parameters").traverse()) {
                    parser.nextToken();
                    parameters = ReplyParameters.read(parser);
                }
            }
        } catch (IOException | RuntimeException e) {
            recorder.record(LoadtestRecorder.Reply.failed(-1, latencyMs));
            return;
        }
        boolean noModelFits = parameters.outcome().equals(java.util.Optional.of(ZooOutcome.NO_MODEL_FITS));
        String model = parameters.model().orElse(json.path("model_name").asText());
        boolean inTime = latencyMs <= budgetMs;
        recorder.record(new LoadtestRecorder.Reply(200, latencyMs, model, noModelFits, inTime && !noModelFits,
                inTime, parameters.withinBudget().orElse(false), parameters.serverMs().orElse(Double.NaN),
                parameters.queueMs().orElse(Double.NaN), parameters.inferenceMs().orElse(Double.NaN),
                parameters.batchSize().isPresent() ? parameters.batchSize().getAsInt() : Double.NaN));
    }
}
