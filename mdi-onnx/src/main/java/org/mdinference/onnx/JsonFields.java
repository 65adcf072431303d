package org.mdinference.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One JSON object of a manifest, read key by key; every complaint names the file and the key's full path
 * ({@code zoo.json: models[2].input.shape ...}) so that a hand-edited manifest is fixed in one look.
 */
final class JsonFields {

    private final JsonNode node;
    private final Path file;
    private final String path;

    private JsonFields(JsonNode node, Path file, String path) {
        this.node = node;
        this.file = file;
        this.path = path;
    }

    static JsonFields root(JsonNode node, Path file) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(file + ": a zoo manifest must be a JSON object");
        }
        return new JsonFields(node, file, "");
    }

    String text(String key) {
        return optionalText(key).orElseThrow(() -> missing(key));
    }

    Optional<String> optionalText(String key) {
        return optional(key).map(value -> {
            if (!value.isTextual()) {
                throw invalid(key, "must be a string, got " + value);
            }
            return value.asText();
        });
    }

    double number(String key) {
        JsonNode value = optional(key).orElseThrow(() -> missing(key));
        if (!value.isNumber()) {
            throw invalid(key, "must be a number, got " + value);
        }
        return value.asDouble();
    }

    boolean bool(String key, boolean absent) {
        return optional(key).map(value -> {
            if (!value.isBoolean()) {
                throw invalid(key, "must be true or false, got " + value);
            }
            return value.asBoolean();
        }).orElse(absent);
    }

    JsonFields object(String key) {
        return optionalObject(key).orElseThrow(() -> missing(key));
    }

    Optional<JsonFields> optionalObject(String key) {
        return optional(key).map(value -> {
            if (!value.isObject()) {
                throw invalid(key, "must be a JSON object, got " + value);
            }
            return new JsonFields(value, file, qualified(key));
        });
    }

    List<JsonFields> objects(String key) {
        JsonNode array = array(key, optional(key).orElseThrow(() -> missing(key)));
        List<JsonFields> objects = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String element = key + "[" + i + "]";
            if (!array.get(i).isObject()) {
                throw invalid(element, "must be a JSON object, got " + array.get(i));
            }
            objects.add(new JsonFields(array.get(i), file, qualified(element)));
        }
        return objects;
    }

    List<String> texts(String key) {
        List<String> texts = new ArrayList<>();
        for (JsonNode value : array(key, optional(key).orElseThrow(() -> missing(key)))) {
            if (!value.isTextual()) {
                throw invalid(key, "must hold strings only, got " + value);
            }
            texts.add(value.asText());
        }
        return texts;
    }

    Optional<List<Double>> optionalNumbers(String key) {
        return optional(key).map(value -> numbers(key, value));
    }

    List<Long> integers(String key) {
        return integers(key, optional(key).orElseThrow(() -> missing(key)));
    }

    /** The value of a key that may hold values of several kinds, or none when it is absent or null. */
    Optional<JsonNode> optional(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    List<Long> integers(String key, JsonNode value) {
        List<Long> integers = new ArrayList<>();
        for (JsonNode element : array(key, value)) {
            if (!element.isIntegralNumber()) {
                throw invalid(key, "must hold whole numbers only, got " + value);
            }
            integers.add(element.asLong());
        }
        return integers;
    }

    /** Refuses keys outside {@code known}: a misspelt optional key must not be silently ignored. */
    void onlyKeys(Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw invalid(name, "is not a known key (known: " + String.join(", ", known) + ")");
            }
        }
    }

    /** Runs a constructor that validates, and names this object's place in the file when it refuses. */
    <T> T check(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + (path.isEmpty() ? "" : path + ": ") + e.getMessage(), e);
        }
    }

    IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException(file + ": " + qualified(key) + " " + problem);
    }

    private IllegalArgumentException missing(String key) {
        return invalid(key, "is missing");
    }

    private List<Double> numbers(String key, JsonNode value) {
        List<Double> numbers = new ArrayList<>();
        for (JsonNode element : array(key, value)) {
            if (!element.isNumber()) {
                throw invalid(key, "must hold numbers only, got " + value);
            }
            numbers.add(element.asDouble());
        }
        return numbers;
    }

    private JsonNode array(String key, JsonNode value) {
        if (!value.isArray()) {
            throw invalid(key, "must be a JSON array, got " + value);
        }
        return value;
    }

    private String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
