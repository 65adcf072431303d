package org.mdinference.server.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A JSON tensor's {@code data} array, streamed value by value into a float array (or strings for BYTES) instead of
 * a tree of one node per value: for a 28x28 image that is most of a request's cost. Nested arrays are flattened in
 * row-major order; the first value of each unexpected kind is kept to name it in the refusal.
 */
final class JsonTensorData {

    private float[] numbers = new float[256];
    private int numberCount;
    private final List<String> strings = new ArrayList<>();
    private String firstNumber;
    private String firstString;
    private String firstOther;
    private int otherCount;

    private JsonTensorData() {
    }

    /** Reads the array the parser stands on, to its end. */
    static JsonTensorData read(JsonParser parser, ObjectMapper mapper) throws IOException {
        JsonTensorData values = new JsonTensorData();
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

    /** The values of an FP32 tensor of {@code elements} values. */
    float[] floats(int elements, String name) {
        checkCount(elements, name);
        if (firstString != null || firstOther != null) {
            throw OipException.badRequest("input " + name + " is FP32, but its data holds "
                    + (firstString != null ? firstString : firstOther));
        }
        return numbers.length == elements ? numbers : Arrays.copyOf(numbers, elements);
    }

    /** The elements of a BYTES tensor, each a base64 string in JSON. */
    List<byte[]> byteStrings(int elements, String name) {
        checkCount(elements, name);
        if (firstNumber != null || firstOther != null) {
            throw OipException.badRequest("input " + name + " is BYTES, whose JSON data are base64 strings, but it"
                    + " holds " + (firstNumber != null ? firstNumber : firstOther));
        }
        List<byte[]> decoded = new ArrayList<>(elements);
        for (String value : strings) {
            try {
                decoded.add(Base64.getDecoder().decode(value));
            } catch (IllegalArgumentException e) {
                throw OipException.badRequest("input " + name + ": an element is not base64: " + e.getMessage());
            }
        }
        return decoded;
    }

    /** The data must hold exactly as many values as the shape. */
    private void checkCount(int elements, String name) {
        InputTensors.checkCount(name, elements, numberCount + strings.size() + otherCount);
    }
}
