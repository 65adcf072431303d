package org.mdinference.server.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.mdinference.protocol.OipNames;

/**
 * Decodes inference requests of the Open Inference Protocol's REST binding: JSON tensors ({@link JsonTensorData}),
 * and the binary tensor extension, a JSON header of {@value OipNames#INFERENCE_HEADER_CONTENT_LENGTH} bytes followed
 * by the binary inputs' data ({@link BinaryTensors}). Everything malformed is refused with
 * {@link OipException#badRequest}, naming the fault. Thread-safe.
 */
public final class InferRequestDecoder {

    private final ObjectMapper mapper;
    private final JsonFactory factory;
    private final InputTensors tensors;

    public InferRequestDecoder(ObjectMapper mapper, InputTensors tensors) {
        this.mapper = mapper;
        this.tensors = tensors;
        this.factory = mapper.getFactory().rebuild().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    }

    /**
     * Decodes a request body.
     *
     * @param jsonLength the value of {@value OipNames#INFERENCE_HEADER_CONTENT_LENGTH}, when the body carries binary
     *                   tensors after its JSON
     * @throws OipException 400 for anything malformed
     */
    public InferRequest decode(byte[] body, OptionalInt jsonLength) {
        int headerEnd = jsonLength.orElse(body.length);
        if (headerEnd < 0 || headerEnd > body.length) {
            throw OipException.badRequest(OipNames.INFERENCE_HEADER_CONTENT_LENGTH + " is " + headerEnd
                    + " but the body has " + body.length + " bytes");
        }
        Parsed parsed = parse(body, headerEnd);
        ObjectNode root = parsed.root();
        if (parsed.inputs().isEmpty()) {
            throw OipException.badRequest("an inference request needs a non-empty 'inputs' array");
        }
        ByteBuffer binary = ByteBuffer.wrap(body, headerEnd, body.length - headerEnd).order(ByteOrder.LITTLE_ENDIAN);
        List<InputTensor> decoded = new ArrayList<>();
        for (ParsedInput input : parsed.inputs()) {
            decoded.add(input(input, binary));
        }
        if (binary.hasRemaining()) {
            throw OipException.badRequest("the body holds " + binary.remaining()
                    + " bytes of binary data that no input claims");
        }
        JsonNode id = root.path("id");
        Map<String, Object> parameters = parameters(root.path("parameters"), "the request");
        return new InferRequest(id.isValueNode() ? Optional.of(id.asText()) : Optional.empty(), parameters, decoded,
                wantsBinary(root, parameters));
    }

    /** The request's fields as a tree, except each input's {@code data}, streamed into {@link JsonTensorData}. */
    private record Parsed(ObjectNode root, List<ParsedInput> inputs) {
    }

    /** One input: its fields but {@code data} as a tree, and its data values, if it has a data array. */
    private record ParsedInput(ObjectNode fields, Optional<JsonTensorData> data) {
    }

    /** Streams the JSON header: the inputs' data arrays without a tree, everything else as one. */
    private Parsed parse(byte[] body, int length) {
        try (JsonParser parser = factory.createParser(body, 0, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw OipException.badRequest("the request body is empty; send an inference request as JSON");
            }
            if (first != JsonToken.START_OBJECT) {
                throw OipException.badRequest("an inference request must be a JSON object");
            }
            ObjectNode root = mapper.createObjectNode();
            List<ParsedInput> inputs = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("inputs") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        inputs.add(parseInput(parser));
                    }
                } else if (field.equals("inputs")) {
                    throw OipException.badRequest("an inference request needs a non-empty 'inputs' array");
                } else {
                    root.set(field, mapper.readTree(parser));
                }
            }
            return new Parsed(root, inputs);
        } catch (JsonProcessingException e) {
            throw OipException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (CharConversionException | CharacterCodingException e) {
            // Jackson takes a body whose first bytes hold zeros for UTF-16 or UTF-32 (as RFC 4627 let it), and those
            // readers report a character that is none this way, not as a JsonProcessingException (found by fuzzing)
            throw OipException.badRequest("malformed JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ParsedInput parseInput(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw OipException.badRequest("each input must be a JSON object, got " + mapper.readTree(parser));
        }
        ObjectNode fields = mapper.createObjectNode();
        Optional<JsonTensorData> data = Optional.empty();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("data") && value == JsonToken.START_ARRAY) {
                data = Optional.of(JsonTensorData.read(parser, mapper));
            } else {
                fields.set(field, mapper.readTree(parser));
            }
        }
        return new ParsedInput(fields, data);
    }

    private InputTensor input(ParsedInput parsed, ByteBuffer binary) {
        ObjectNode input = parsed.fields();
        String name = text(input, "name", "an input");
        String datatype = text(input, "datatype", "input " + name);
        long[] shape = shape(input.path("shape"), name);
        int n = tensors.elements(name, shape);
        Map<String, Object> parameters = parameters(input.path("parameters"), "input " + name);
        Optional<ByteBuffer> raw = BinaryTensors.take(parameters, binary, name);
        if (raw.isEmpty() && parsed.data().isEmpty()) {
            throw OipException.badRequest("input " + name + " needs a 'data' array or " + OipNames.BINARY_DATA_SIZE);
        }
        if (raw.isPresent()) {
            return tensors.raw(name, datatype, shape, raw.get());
        }
        InputTensors.checkDatatype(name, datatype);
        JsonTensorData data = parsed.data().get();
        return datatype.equals(InputTensors.FP32) ? new InputTensor.Floats(name, shape, data.floats(n, name))
                : new InputTensor.Bytes(name, shape, data.byteStrings(n, name));
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw OipException.badRequest(what + " needs a string '" + field + "'");
        }
        return value.asText();
    }

    private static long[] shape(JsonNode shape, String name) {
        if (!shape.isArray()) {
            throw OipException.badRequest("input " + name + " needs a 'shape' array of non-negative integers");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode dim = shape.get(i);
            if (!dim.canConvertToLong() || !dim.isIntegralNumber() || dim.asLong() < 0) {
                throw InputTensors.badShape(name, shape.toString());
            }
            dims[i] = dim.asLong();
        }
        return dims;
    }

    private Map<String, Object> parameters(JsonNode node, String what) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw OipException.badRequest("the parameters of " + what + " must be a JSON object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                values.put(field.getKey(), mapper.convertValue(field.getValue(), Object.class));
            }
        });
        return values;
    }

    private static boolean wantsBinary(JsonNode root, Map<String, Object> parameters) {
        if (Boolean.TRUE.equals(parameters.get(OipNames.BINARY_DATA_OUTPUT))) {
            return true;
        }
        for (JsonNode output : root.path("outputs")) {
            if (output.path("parameters").path(OipNames.BINARY_DATA).asBoolean(false)) {
                return true;
            }
        }
        return false;
    }
}
