package org.mdinference.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mdinference.server.protocol.InferCodec;

/**
 * The one inference request a load test sends again and again, as ready bytes: {@code batch} items of the model's
 * input shape (read from the server's model metadata), seeded values in [0, 1), as a JSON tensor or with the binary
 * tensor extension (input and output), and the zoo parameters.
 *
 * @param bytes the whole request, head and body
 */
record LoadtestRequest(String model, boolean binary, byte[] bytes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param parameters the request's {@code parameters} (sla_ms, elapsed_ms, return_ms, policy), possibly empty
     * @throws IOException when the server cannot be reached
     * @throws IllegalArgumentException when the server does not know the model
     */
    static LoadtestRequest build(URI server, String model, int batch, boolean binary, Map<String, Object> parameters)
            throws IOException {
        JsonNode input = metadata(server, model).path("inputs").path(0);
        List<Long> shape = new ArrayList<>();
        long elements = 1;
        for (JsonNode dim : input.path("shape")) {
            long size = shape.isEmpty() ? batch : dim.asLong();
            shape.add(size);
            elements *= size;
        }
        SplittableRandom random = new SplittableRandom(42);
        float[] data = new float[Math.toIntExact(elements)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextDouble();
        }
        Map<String, Object> tensor = new LinkedHashMap<>();
        tensor.put("name", input.path("name").asText("input"));
        tensor.put("shape", shape);
        tensor.put("datatype", "FP32");
        Map<String, Object> request = new LinkedHashMap<>();
        if (!parameters.isEmpty()) {
            request.put("parameters", parameters);
        }
        request.put("inputs", List.of(tensor));
        String path = "/v2/models/" + model + "/infer";
        if (!binary) {
            tensor.put("data", data);
            byte[] body = JSON.writeValueAsBytes(request);
            return new LoadtestRequest(model, false, concat(LoadtestConnection.head("POST", server, path,
                    Map.of("Content-Type", "application/json"), body.length), body));
        }
        tensor.put("parameters", Map.of("binary_data_size", 4 * data.length));
        request.put("outputs", List.of(Map.of("name", "logits", "parameters", Map.of("binary_data", true))));
        byte[] header = JSON.writeValueAsBytes(request);
        ByteBuffer body = ByteBuffer.allocate(header.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header);
        body.asFloatBuffer().put(data);
        return new LoadtestRequest(model, true, concat(LoadtestConnection.head("POST", server, path,
                Map.of("Content-Type", "application/octet-stream",
                        InferCodec.HEADER_LENGTH, Integer.toString(header.length)), body.capacity()),
                body.array()));
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
