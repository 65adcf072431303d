package org.mdinference.server.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalInt;
import org.mdinference.protocol.OipNames;

/**
 * Encodes the server's replies: an inference reply as JSON, or with the binary tensor extension as a JSON header and
 * its outputs' raw data ({@link BinaryTensors}); and any other reply (metadata, errors) as JSON. Thread-safe.
 */
public final class InferReplyEncoder {

    private final ObjectMapper mapper;

    public InferReplyEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Encodes an inference reply: JSON, or a JSON header and the outputs' raw data when {@code binary}. */
    public EncodedReply encode(InferResponse response, boolean binary) {
        ObjectNode root = mapper.createObjectNode();
        root.put("model_name", response.modelName());
        response.id().ifPresent(id -> root.put("id", id));
        Map<String, Object> parameters = response.parameters().toMap();
        if (!parameters.isEmpty()) {
            root.set("parameters", mapper.valueToTree(parameters));
        }
        ArrayNode outputs = root.putArray("outputs");
        for (InferResponse.Output output : response.outputs()) {
            ObjectNode node = outputs.addObject();
            node.put("name", output.name());
            node.put("datatype", "FP32");
            ArrayNode shape = node.putArray("shape");
            for (long dim : output.shape()) {
                shape.add(dim);
            }
            if (binary) {
                node.putObject("parameters").put(OipNames.BINARY_DATA_SIZE, 4 * output.values().length);
            } else {
                ArrayNode values = node.putArray("data");
                for (float value : output.values()) {
                    values.add(value);
                }
            }
        }
        byte[] json = json(root);
        return binary ? new EncodedReply(BinaryTensors.afterHeader(json, response.outputs()),
                OptionalInt.of(json.length)) : new EncodedReply(json, OptionalInt.empty());
    }

    /** Any value as JSON bytes: metadata replies, error bodies. */
    public byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
