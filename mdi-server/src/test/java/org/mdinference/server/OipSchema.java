package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** The required fields and types of the Open Inference Protocol's REST schema (shared/spec), as assertions. */
final class OipSchema {

    private OipSchema() {
    }

    static void inferenceResponse(JsonNode reply) {
        assertThat(reply.path("model_name").isTextual()).as("model_name in %s", reply).isTrue();
        assertThat(reply.path("outputs").isArray()).as("outputs in %s", reply).isTrue();
        for (JsonNode output : reply.path("outputs")) {
            assertThat(output.path("name").isTextual()).isTrue();
            assertThat(output.path("datatype").isTextual()).isTrue();
            assertThat(output.path("shape").isArray()).isTrue();
            assertThat(output.has("data") || output.path("parameters").has("binary_data_size")).isTrue();
        }
        if (reply.has("parameters")) {
            assertThat(reply.path("parameters").isObject()).isTrue();
        }
    }

    static void modelMetadata(JsonNode reply) {
        assertThat(reply.path("name").isTextual()).isTrue();
        assertThat(reply.path("platform").isTextual()).isTrue();
        assertThat(reply.path("versions").isArray()).isTrue();
        for (String field : new String[] {"inputs", "outputs"}) {
            for (JsonNode tensor : reply.path(field)) {
                assertThat(tensor.path("name").isTextual()).isTrue();
                assertThat(tensor.path("datatype").isTextual()).isTrue();
                assertThat(tensor.path("shape").isArray()).isTrue();
            }
        }
    }

    static void serverMetadata(JsonNode reply) {
        assertThat(reply.path("name").isTextual()).isTrue();
        assertThat(reply.path("version").isTextual()).isTrue();
        assertThat(reply.path("extensions").isArray()).isTrue();
    }

    static void error(JsonNode reply) {
        assertThat(reply.path("error").isTextual()).as("error in %s", reply).isTrue();
        assertThat(reply.size()).isEqualTo(1);
    }
}
