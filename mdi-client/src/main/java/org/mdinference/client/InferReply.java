package org.mdinference.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import org.mdinference.protocol.ReplyParameters;
import org.mdinference.protocol.ZooOutcome;

/**
 * The zoo endpoint's reply (docs/protocol.md), read with Jackson's streaming parser, which Android apps can carry
 * without the databind layer: the member that answered and its prediction, or the server's word that no member
 * fits, and the timings the device needs, from mdi-protocol's {@link ReplyParameters}. Anything else in the reply is
 * skipped.
 */
final class InferReply {

    private static final JsonFactory JSON = new JsonFactory();
    /** How much of an unreadable body an error message quotes. */
    private static final int QUOTED_CHARS = 120;

    private final ReplyParameters parameters;
    private final Optional<Prediction> prediction;

    private InferReply(ReplyParameters parameters, Optional<Prediction> prediction) {
        this.parameters = parameters;
        this.prediction = prediction;
    }

    /**
     * Reads a 200 reply.
     *
     * @throws IOException when the body is not JSON, or neither a prediction of one item nor "no model fits"
     */
    static InferReply parse(byte[] body) throws IOException {
        Reading reading = new Reading();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the reply is not a JSON object: " + quote(body));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("parameters") && value == JsonToken.START_OBJECT) {
                    reading.parameters = ReplyParameters.read(parser);
                } else if (field.equals("outputs") && value == JsonToken.START_ARRAY) {
                    reading.outputs(parser);
                } else {
                    parser.skipChildren();
                }
            }
        }
        return reading.reply();
    }

    /** The message of an error reply ({@code {"error": "..."}}), or the start of whatever the body holds. */
    static String error(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    if (parser.nextToken() == JsonToken.VALUE_STRING && field.equals("error")) {
                        return parser.getText();
                    }
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // not JSON: quote it as it is
        }
        return quote(body);
    }

    private static String quote(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, QUOTED_CHARS * 4), StandardCharsets.UTF_8);
        text = text.replaceAll("\\s+", " ").trim();
        return body.length == 0 ? "an empty body"
                : "\"" + (text.length() > QUOTED_CHARS ? text.substring(0, QUOTED_CHARS) + "..." : text) + "\"";
    }

    /** The member that answered; empty when none did. */
    Optional<String> model() {
        return parameters.model();
    }

    /** Whether the server said that no member can answer within the budget. */
    boolean noModelFits() {
        return parameters.outcome().equals(Optional.of(ZooOutcome.NO_MODEL_FITS));
    }

    /** The server's budget: {@code sla_ms - elapsed_ms - return_ms} of the request. */
    OptionalDouble budgetMs() {
        return parameters.budgetMs();
    }

    /** The server's own time on the request (also when no model fits); empty from a server that does not say. */
    OptionalDouble serverMs() {
        return parameters.serverMs();
    }

    /** The member's prediction; empty exactly when no model fits. */
    Optional<Prediction> prediction() {
        return prediction;
    }

    /** What has been read so far. */
    private static final class Reading {
        private ReplyParameters parameters = ReplyParameters.NONE;
        private float[] logits;

        /** The first output's data, which must be the logits of one item: shape [1, classes]. */
        void outputs(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                long[] shape = null;
                float[] data = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("shape") && value == JsonToken.START_ARRAY) {
                        shape = shape(parser);
                    } else if (field.equals("data") && value == JsonToken.START_ARRAY) {
                        data = numbers(parser);
                    } else {
                        parser.skipChildren();
                    }
                }
                if (logits == null) {
                    logits = oneItem(shape, data);
                }
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("the reply's outputs hold " + parser.currentToken() + ", not objects");
            }
        }

        private static long[] shape(JsonParser parser) throws IOException {
            long[] dims = new long[4];
            int n = 0;
            while (parser.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                dims = n == dims.length ? Arrays.copyOf(dims, 2 * n) : dims;
                dims[n++] = parser.getLongValue();
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("an output's shape holds " + parser.currentToken() + ", not integers");
            }
            return Arrays.copyOf(dims, n);
        }

        private static float[] numbers(JsonParser parser) throws IOException {
            float[] values = new float[16];
            int n = 0;
            while (parser.nextToken() != null && parser.currentToken().isNumeric()) {
                values = n == values.length ? Arrays.copyOf(values, 2 * n) : values;
                values[n++] = parser.getFloatValue();
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("an output's data holds " + parser.currentToken() + ", not a flat array of"
                        + " numbers");
            }
            return Arrays.copyOf(values, n);
        }

        private static float[] oneItem(long[] shape, float[] data) throws IOException {
            if (shape == null || data == null) {
                throw new IOException("the reply's output lacks its " + (shape == null ? "shape" : "data"));
            }
            long elements = 1;
            for (long dim : shape) {
                elements *= dim;
            }
            if (shape.length == 0 || shape[0] != 1 || elements != data.length) {
                throw new IOException("the reply's output has shape " + Arrays.toString(shape) + " and "
                        + data.length + " values; one item's logits were asked for");
            }
            return data;
        }

        InferReply reply() throws IOException {
            boolean none = parameters.outcome().equals(Optional.of(ZooOutcome.NO_MODEL_FITS));
            if (!none && logits == null) {
                throw new IOException("the reply holds no output");
            }
            Optional<Prediction> prediction = Optional.empty();
            if (!none) {
                try {
                    prediction = Optional.of(Prediction.of(logits));
                } catch (IllegalArgumentException e) {
                    throw new IOException("the reply's logits are no prediction: " + e.getMessage(), e);
                }
            }
            return new InferReply(parameters, prediction);
        }
    }
}
