package org.mdinference.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * YAML read the way the API server's strict field validation reads it: an unknown field, a duplicated key or a
 * string where a number belongs is an error, not something kept aside.
 */
final class StrictYaml {

    private static final ObjectMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new SimpleModule("no-any-setter").setDeserializerModifier(new NoAnySetter()))
            .build();

    private StrictYaml() {
    }

    /** Every non-empty document of a file, in order. */
    static List<JsonNode> documents(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                JsonNode document = it.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    /**
     * Each document of a file as the type given for it, in order, every field known to that type's model. Read from
     * the file itself, not from {@link #documents}' trees, so that an error names its line.
     */
    static List<Object> read(Path file, List<? extends Class<?>> types) {
        List<Object> values = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(file.toFile())) {
            for (Class<?> type : types) {
                JsonToken token = parser.nextToken();
                while (token == JsonToken.VALUE_NULL) {
                    token = parser.nextToken(); // an empty document, which documents() skips too
                }
                try {
                    values.add(MAPPER.readValue(parser, type));
                } catch (IOException e) {
                    throw new IllegalArgumentException(file.getFileName() + " (document " + (values.size() + 1)
                            + ") is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
        }
        return values;
    }

    /**
     * fabric8's model classes keep unknown fields in an {@code additionalProperties} map through a
     * {@code @JsonAnySetter}, so FAIL_ON_UNKNOWN_PROPERTIES alone would let a misspelt field through; without the
     * any-setter, an unknown field fails as it does for any other bean.
     */
    private static final class NoAnySetter extends BeanDeserializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                BeanDeserializerBuilder builder) {
            builder.setAnySetter(null);
            return builder;
        }
    }
}
