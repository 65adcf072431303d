package org.mdinference.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mdinference.onnx.InputShape;
import org.mdinference.protocol.InferRequestBody;
import org.mdinference.protocol.OipNames;
import org.mdinference.protocol.RequestParameters;

/**
 * The one inference request a load test sends again and again, as ready bytes: {@code batch} items of the model's
 * input shape (read from the server's model metadata), seeded values in [0, 1), as a JSON tensor or with the binary
 * tensor extension (input and output), and the zoo parameters, written by mdi-protocol's one builder.
 *
 * <p>A request with parameters has its {@code elapsed_ms} in a fixed-width slot, so that a request sent late can say
 * so ({@link #sentLate}) without being encoded again.
 *
 * @param head   the HTTP request line and headers
 * @param body   the body as sent on time
 * @param bytes  head and body, as sent on time
 * @param access the CAs trusted for an {@code https} server and the token in {@code head}: what every connection
 *               that sends the request needs
 */
public record LoadtestRequest(String model, boolean binary, byte[] head, InferRequestBody body, byte[] bytes,
                              Optional<RequestParameters> parameters, LoadtestAccess access) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Seeds the values every load test sends. */
    static final long SEED = 42;

    /**
     * The request sent {@code lateMs} after it was due: a device that sends late has spent that much more of its SLA
     * before the server sees the request, and its {@code elapsed_ms} says so, as {@code MdiClient}'s does. The
     * request's own bytes when it carries no parameters.
     */
    byte[] sentLate(double lateMs) {
        if (parameters.isEmpty()) {
            return bytes;
        }
        return concat(head, body.withElapsedMs(parameters.get().elapsedMs() + Math.max(0, lateMs)).bytes());
    }

    /**
     * @param parameters the zoo's parameters; empty for a member's request
     * @throws IOException when the server cannot be reached
     * @throws IllegalArgumentException when the server does not know the model
     */
    public static LoadtestRequest build(URI server, String model, int batch, boolean binary,
                                        Optional<RequestParameters> parameters) throws IOException {
        return build(server, model, batch, binary, parameters, LoadtestAccess.NONE);
    }

    /**
     * As {@link #build(URI, String, int, boolean, Optional)}, for a server that asks for TLS with its own CA or a
     * token.
     */
    public static LoadtestRequest build(URI server, String model, int batch, boolean binary,
                                        Optional<RequestParameters> parameters, LoadtestAccess access)
            throws IOException {
        JsonNode input = metadata(server, model, access).path("inputs").path(0);
        List<Long> dims = new ArrayList<>();
        input.path("shape").forEach(dim -> dims.add(dim.asLong()));
        InputShape served = new InputShape(model, dims);
        InferRequestBody.Builder request = InferRequestBody.builder()
                .fp32Input(input.path("name").asText("input"), served.forBatch(batch), served.seededItems(batch, SEED))
                .binaryData(binary);
        parameters.ifPresent(zoo -> request.parameters(zoo).rewritableElapsed());
        if (binary) {
            request.binaryOutput("logits");
        }
        InferRequestBody body = request.build();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", body.contentType());
        body.jsonLength().ifPresent(n -> headers.put(OipNames.INFERENCE_HEADER_CONTENT_LENGTH, Integer.toString(n)));
        headers.putAll(access.headers());
        byte[] head = LoadtestConnection.head("POST", server, "/v2/models/" + model + "/infer", headers,
                body.bytes().length);
        return new LoadtestRequest(model, binary, head, body, concat(head, body.bytes()), parameters, access);
    }

    /** The server's metadata of a model. */
    static JsonNode metadata(URI server, String model) throws IOException {
        return metadata(server, model, LoadtestAccess.NONE);
    }

    /** The metadata of a model of a server that asks for TLS with its own CA or a token. */
    static JsonNode metadata(URI server, String model, LoadtestAccess access) throws IOException {
        try (LoadtestConnection connection = new LoadtestConnection(server, access)) {
            LoadtestConnection.Reply reply = connection.exchange(LoadtestConnection.head("GET", server,
                    "/v2/models/" + model, access.headers(), -1));
            String body = new String(reply.body(), StandardCharsets.UTF_8);
            if (reply.status() != 200) {
                throw new IllegalArgumentException("the server at " + server + " answered " + reply.status()
                        + " for the metadata of model " + model + ": " + body);
            }
            return JSON.readTree(body);
        }
    }

    private static byte[] concat(byte[] head, byte[] body) {
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}
