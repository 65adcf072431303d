package org.mdinference.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * zoo.json files read as plain JSON: the manifest reader of mdi-onnx is not used, so that these tests check the
 * deployment's files, not that reader.
 */
final class Zoos {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Zoos() {
    }

    static JsonNode read(Path zooJson) {
        try {
            return JSON.readTree(zooJson.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode bundled() {
        return read(Repository.bundledZoo().resolve("zoo.json"));
    }

    static JsonNode frontend() {
        return read(Repository.k8s().resolve("frontend-zoo/zoo.json"));
    }

    /** A zoo's members by name, in the manifest's order. */
    static Map<String, JsonNode> members(JsonNode zoo) {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        for (JsonNode member : zoo.path("models")) {
            if (members.put(member.path("name").asText(), member) != null) {
                throw new AssertionError("two members named " + member.path("name").asText());
            }
        }
        return members;
    }
}
