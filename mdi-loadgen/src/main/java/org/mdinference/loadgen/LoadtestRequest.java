package org.mdinference.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mdinference.onnx.InputShape;
import org.mdinference.server.protocol.InferCodec;

/**
 * The one inference request a load test sends again and again, as ready bytes: {@code batch} items of the model's
 * input shape (read from the server's model metadata), seeded values in [0, 1), as a JSON tensor or with the binary
 * tensor extension (input and output), and the zoo parameters.
 *
 * <p>A request with an {@code elapsed_ms} is written with that number in a fixed-width slot, so that a request sent
 * late can say so ({@link #sentLate}) without being encoded again.
 *
 * @param bytes     the whole request, head and body, as sent on time
 * @param elapsedAt where the {@code elapsed_ms} slot starts in {@code bytes}; -1 when the request has none
 * @param elapsedMs the {@code elapsed_ms} it carries on time
 */
public record LoadtestRequest(String model, boolean binary, byte[] bytes, int elapsedAt, double elapsedMs) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELAPSED_KEY = "\"elapsed_ms\":";
    private static final int SLOT_WIDTH = 12;
    /** Seeds the values every load test sends. */
    static final long SEED = 42;

    /**
     * The request sent {@code lateMs} after it was due: a device that sends late has spent that much more of its SLA
     * before the server sees the request, and its {@code elapsed_ms} says so, as {@code MdiClient}'s does. The
     * request's own bytes when it carries no {@code elapsed_ms}.
     */
    byte[] sentLate(double lateMs) {
        if (elapsedAt < 0) {
            return bytes;
        }
        byte[] late = bytes.clone();
        System.arraycopy(slot(elapsedMs + Math.max(0, lateMs)), 0, late, elapsedAt, SLOT_WIDTH);
        return late;
    }

    /** A JSON number right-aligned in the slot: the spaces before it are JSON whitespace. */
    private static byte[] slot(double ms) {
        String text = String.format(Locale.ROOT, "%" + SLOT_WIDTH + ".3f", ms);
        if (text.length() != SLOT_WIDTH) {
            throw new IllegalArgumentException("elapsed_ms " + ms + " does not fit in " + SLOT_WIDTH + " characters");
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param parameters the request's {@code parameters} (sla_ms, elapsed_ms, return_ms, policy), possibly empty
     * @throws IOException when the server cannot be reached
     * @throws IllegalArgumentException when the server does not know the model
     */
    public static LoadtestRequest build(URI server, String model, int batch, boolean binary, Map<String, Object> parameters)
            throws IOException {
        JsonNode input = metadata(server, model).path("inputs").path(0);
        List<Long> dims = new ArrayList<>();
        input.path("shape").forEach(dim -> dims.add(dim.asLong()));
        InputShape served = new InputShape(model, dims);
        List<Long> shape = Arrays.stream(served.forBatch(batch)).boxed().toList();
        float[] data = served.seededItems(batch, SEED);
        Map<String, Object> tensor = new LinkedHashMap<>();
        tensor.put("name", input.path("name").asText("input"));
        tensor.put("shape", shape);
        tensor.put("datatype", "FP32");
        Map<String, Object> request = new LinkedHashMap<>();
        double elapsedMs = parameters.get("elapsed_ms") instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!parameters.isEmpty()) {
            Map<String, Object> slotted = new LinkedHashMap<>(parameters);
            if (!Double.isNaN(elapsedMs)) {
                slotted.put("elapsed_ms", new RawValue(new String(slot(elapsedMs), StandardCharsets.US_ASCII)));
            }
            request.put("parameters", slotted);
        }
        request.put("inputs", List.of(tensor));
        String path = "/v2/models/" + model + "/infer";
        if (!binary) {
            tensor.put("data", data);
            byte[] body = JSON.writeValueAsBytes(request);
            return withSlot(model, false, concat(LoadtestConnection.head("POST", server, path,
                    Map.of("Content-Type", "application/json"), body.length), body), elapsedMs);
        }
        tensor.put("parameters", Map.of("binary_data_size", 4 * data.length));
        request.put("outputs", List.of(Map.of("name", "logits", "parameters", Map.of("binary_data", true))));
        byte[] header = JSON.writeValueAsBytes(request);
        ByteBuffer body = ByteBuffer.allocate(header.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header);
        body.asFloatBuffer().put(data);
        return withSlot(model, true, concat(LoadtestConnection.head("POST", server, path,
                Map.of("Content-Type", "application/octet-stream",
                        InferCodec.HEADER_LENGTH, Integer.toString(header.length)), body.capacity()),
                body.array()), elapsedMs);
    }

    /** The request with its {@code elapsed_ms} slot found: the first one, in the JSON that precedes any tensor. */
    private static LoadtestRequest withSlot(String model, boolean binary, byte[] bytes, double elapsedMs) {
        if (Double.isNaN(elapsedMs)) {
            return new LoadtestRequest(model, binary, bytes, -1, elapsedMs);
        }
        byte[] key = ELAPSED_KEY.getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at + key.length + SLOT_WIDTH <= bytes.length; at++) {
            if (Arrays.equals(bytes, at, at + key.length, key, 0, key.length)) {
                return new LoadtestRequest(model, binary, bytes, at + key.length, elapsedMs);
            }
        }
        throw new IllegalStateException("no elapsed_ms slot in the encoded request");
    }

    /** The server's metadata of a model. */
    static JsonNode metadata(URI server, String model) throws IOException {
        try (LoadtestConnection connection = new LoadtestConnection(server)) {
            LoadtestConnection.Reply reply = connection.exchange(LoadtestConnection.head("GET", server,
                    "/v2/models/" + model, Map.of(), -1));
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
