package org.mdinference.server.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decodes inference requests and encodes replies in the Open Inference Protocol's REST binding: JSON tensors, and
 * the binary tensor extension (a JSON header of {@value #HEADER_LENGTH} bytes, then each binary tensor's raw
 * little-endian data in input order). BYTES elements are base64 strings in JSON and 4-byte little-endian
 * length-prefixed byte strings in binary data, as Triton lays them out. Everything malformed is refused with
 * {@link OipException#badRequest}. Thread-safe.
 */
public final class InferCodec {

    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public InferCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.factory = mapper.getFactory().rebuild().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    }

    /**
     * Decodes a request body.
     *
     * @param jsonLength the value of {@value #HEADER_LENGTH}, when the body carries binary tensors after its JSON
     */
    public InferRequest decode(byte[] body, OptionalInt jsonLength) {
        int headerEnd = jsonLength.orElse(body.length);
        if (headerEnd < 0 || headerEnd > body.length) {
            throw OipException.badRequest(HEADER_LENGTH + " is " + headerEnd + " but the body has " + body.length
                    + " bytes");
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

    /** Encodes a reply: JSON, or a JSON header and the outputs' raw data when {@code binary}. */
    public EncodedReply encode(InferResponse response, boolean binary) {
        ObjectNode root = mapper.createObjectNode();
        root.put("model_name", response.modelName());
        response.id().ifPresent(id -> root.put("id", id));
        if (!response.parameters().isEmpty()) {
            root.set("parameters", mapper.valueToTree(response.parameters()));
        }
        ArrayNode outputs = root.putArray("outputs");
        ByteBuffer data = ByteBuffer.allocate(binary ? 4 * response.outputs().stream()
                .mapToInt(o -> o.values().length).sum() : 0).order(ByteOrder.LITTLE_ENDIAN);
        for (InferResponse.Output output : response.outputs()) {
            ObjectNode node = outputs.addObject();
            node.put("name", output.name());
            node.put("datatype", "FP32");
            ArrayNode shape = node.putArray("shape");
            for (long dim : output.shape()) {
                shape.add(dim);
            }
            if (binary) {
                node.putObject("parameters").put("binary_data_size", 4 * output.values().length);
                data.asFloatBuffer().put(output.values());
                data.position(data.position() + 4 * output.values().length);
            } else {
                ArrayNode values = node.putArray("data");
                for (float value : output.values()) {
                    values.add(value);
                }
            }
        }
        byte[] json = bytes(root);
        if (!binary) {
            return new EncodedReply(json, OptionalInt.empty());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(json.length + data.capacity());
        body.writeBytes(json);
        body.writeBytes(data.array());
        return new EncodedReply(body.toByteArray(), OptionalInt.of(json.length));
    }

    /** Any value as JSON bytes: metadata replies, error bodies. */
    public byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request's fields as a tree, except each input's {@code data}, streamed into {@link DataValues}. */
    private record Parsed(ObjectNode root, List<ParsedInput> inputs) {
    }

    /** One input: its fields but {@code data} as a tree, and its data values, if it has a data array. */
    private record ParsedInput(ObjectNode fields, Optional<DataValues> data) {
    }

    /**
     * Streams the JSON header. A tensor's {@code data} is read value by value into a float array (or strings for
     * BYTES) instead of a tree of one node per value: for a 28x28 image that is most of the request's cost.
     */
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ParsedInput parseInput(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw OipException.badRequest("each input must be a JSON object, got " + mapper.readTree(parser));
        }
        ObjectNode fields = mapper.createObjectNode();
        Optional<DataValues> data = Optional.empty();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("data") && value == JsonToken.START_ARRAY) {
                data = Optional.of(DataValues.read(parser, mapper));
            } else {
                fields.set(field, mapper.readTree(parser));
            }
        }
        return new ParsedInput(fields, data);
    }

    /** A data array's values in row-major order, nested arrays flattened: numbers, strings, and the first other. */
    private static final class DataValues {
        private float[] numbers = new float[256];
        private int numberCount;
        private final List<String> strings = new ArrayList<>();
        private String firstNumber;
        private String firstString;
        private String firstOther;
        private int otherCount;

        /** Reads the array the parser stands on, to its end. */
        static DataValues read(JsonParser parser, ObjectMapper mapper) throws IOException {
            DataValues values = new DataValues();
            int depth = 1;
            while (depth > 0) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw OipException.badRequest("malformed JSON: the body ends inside a data array");
                }
                switch (token) {
                    case START_ARRAY -> depth++;
                    case END_ARRAY -> depth--;
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> values.number(parser);
                    case VALUE_STRING -> values.string(parser.getText());
                    case START_OBJECT -> values.other(mapper.readTree(parser).toString());
                    default -> values.other(parser.getText());
                }
            }
            return values;
        }

        private void number(JsonParser parser) throws IOException {
            if (numberCount == numbers.length) {
                numbers = Arrays.copyOf(numbers, numberCount * 2);
            }
            numbers[numberCount++] = parser.getFloatValue();
            if (firstNumber == null) {
                firstNumber = parser.getText();
            }
        }

        private void string(String text) {
            strings.add(text);
            if (firstString == null) {
                firstString = "\"" + text + "\"";
            }
        }

        private void other(String text) {
            otherCount++;
            if (firstOther == null) {
                firstOther = text;
            }
        }

        int size() {
            return numberCount + strings.size() + otherCount;
        }
    }

    private InputTensor input(ParsedInput parsed, ByteBuffer binary) {
        ObjectNode input = parsed.fields();
        String name = text(input, "name", "an input");
        String datatype = text(input, "datatype", "input " + name);
        long[] shape = shape(input.path("shape"), name);
        long elements = 1;
        for (long dim : shape) {
            elements = Math.multiplyExact(elements, dim);
        }
        if (elements > Integer.MAX_VALUE) {
            throw OipException.badRequest("input " + name + " is too large: shape holds " + elements + " elements");
        }
        Map<String, Object> parameters = parameters(input.path("parameters"), "input " + name);
        Optional<ByteBuffer> raw = binaryData(parameters, binary, name);
        if (raw.isEmpty() && parsed.data().isEmpty()) {
            throw OipException.badRequest("input " + name + " needs a 'data' array or binary_data_size");
        }
        return switch (datatype) {
            case "FP32" -> new InputTensor.Floats(name, shape, raw.isPresent()
                    ? floats(raw.get(), (int) elements, name) : floats(parsed.data().get(), (int) elements, name));
            case "BYTES" -> new InputTensor.Bytes(name, shape, raw.isPresent()
                    ? byteStrings(raw.get(), (int) elements, name)
                    : byteStrings(parsed.data().get(), (int) elements, name));
            default -> throw OipException.badRequest("input " + name + " has datatype " + datatype
                    + "; the server takes FP32 tensors or BYTES (encoded images)");
        };
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
                throw OipException.badRequest("input " + name + " has shape " + shape
                        + "; each dimension must be a non-negative integer");
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

    private static Optional<ByteBuffer> binaryData(Map<String, Object> parameters, ByteBuffer binary, String name) {
        Object size = parameters.get("binary_data_size");
        if (size == null) {
            return Optional.empty();
        }
        if (!(size instanceof Integer || size instanceof Long) || ((Number) size).longValue() < 0) {
            throw OipException.badRequest("binary_data_size of input " + name + " must be a non-negative integer");
        }
        long bytes = ((Number) size).longValue();
        if (bytes > binary.remaining()) {
            throw OipException.badRequest("input " + name + " claims " + bytes + " bytes of binary data, but only "
                    + binary.remaining() + " are left in the body");
        }
        ByteBuffer slice = binary.slice().order(ByteOrder.LITTLE_ENDIAN).limit((int) bytes);
        binary.position(binary.position() + (int) bytes);
        return Optional.of(slice);
    }

    private static float[] floats(ByteBuffer raw, int elements, String name) {
        if (raw.remaining() != 4L * elements) {
            throw OipException.badRequest("input " + name + " needs " + 4L * elements + " bytes of FP32 data for its"
                    + " shape, got " + raw.remaining());
        }
        float[] values = new float[elements];
        raw.asFloatBuffer().get(values);
        return values;
    }

    private static float[] floats(DataValues data, int elements, String name) {
        checkCount(data, elements, name);
        if (data.firstString != null || data.firstOther != null) {
            throw OipException.badRequest("input " + name + " is FP32, but its data holds "
                    + (data.firstString != null ? data.firstString : data.firstOther));
        }
        return data.numbers.length == elements ? data.numbers : Arrays.copyOf(data.numbers, elements);
    }

    private static List<byte[]> byteStrings(ByteBuffer raw, int elements, String name) {
        List<byte[]> strings = new ArrayList<>(elements);
        for (int i = 0; i < elements; i++) {
            if (raw.remaining() < 4) {
                throw OipException.badRequest("input " + name + " ends before its element " + i + "'s length");
            }
            int length = raw.getInt();
            if (length < 0 || length > raw.remaining()) {
                throw OipException.badRequest("element " + i + " of input " + name + " claims " + length
                        + " bytes, but " + raw.remaining() + " are left");
            }
            byte[] bytes = new byte[length];
            raw.get(bytes);
            strings.add(bytes);
        }
        if (raw.hasRemaining()) {
            throw OipException.badRequest("input " + name + " has " + raw.remaining()
                    + " bytes of binary data beyond its " + elements + " elements");
        }
        return strings;
    }

    private static List<byte[]> byteStrings(DataValues data, int elements, String name) {
        checkCount(data, elements, name);
        if (data.firstNumber != null || data.firstOther != null) {
            throw OipException.badRequest("input " + name + " is BYTES, whose JSON data are base64 strings, but it"
                    + " holds " + (data.firstNumber != null ? data.firstNumber : data.firstOther));
        }
        List<byte[]> strings = new ArrayList<>(elements);
        for (String value : data.strings) {
            try {
                strings.add(Base64.getDecoder().decode(value));
            } catch (IllegalArgumentException e) {
                throw OipException.badRequest("input " + name + ": an element is not base64: " + e.getMessage());
            }
        }
        return strings;
    }

    /** The data must hold exactly as many values as the shape. */
    private static void checkCount(DataValues data, int elements, String name) {
        if (data.size() != elements) {
            throw OipException.badRequest("input " + name + " has a shape of " + elements + " elements, but its data"
                    + " holds " + data.size());
        }
    }

    private static boolean wantsBinary(JsonNode root, Map<String, Object> parameters) {
        if (Boolean.TRUE.equals(parameters.get("binary_data_output"))) {
            return true;
        }
        for (JsonNode output : root.path("outputs")) {
            if (output.path("parameters").path("binary_data").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }
}
