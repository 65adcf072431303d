package org.mdinference.server.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured request logs: one JSON object per line and request, or nothing ({@link #OFF}, the default).
 * Lines are written whole, so concurrent requests never interleave within one.
 */
@FunctionalInterface
public interface RequestLog {

    RequestLog OFF = fields -> { };

    /** Logs one request's fields (insertion order kept). */
    void log(Map<String, Object> fields);

    /** Logs one request: its model, its status, then its reply's parameters, whichever transport served it. */
    default void request(String model, int status, Map<String, Object> parameters) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", model);
        fields.put("status", status);
        fields.putAll(parameters);
        log(fields);
    }

    /** JSON lines on the given stream. */
    static RequestLog jsonLines(PrintStream out, ObjectMapper mapper) {
        return fields -> {
            try {
                out.println(mapper.writeValueAsString(fields));
            } catch (JsonProcessingException e) {
                out.println("{\"error\":\"request log entry not serialisable: " + e.getOriginalMessage() + "\"}");
            }
        };
    }
}
