package org.mdinference.server.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An inference reply: the model that answered, the request's id, the reply's {@code parameters} (in insertion order;
 * a value may be null) and FP32 outputs, empty when no model ran.
 */
public record InferResponse(String modelName, Optional<String> id, Map<String, Object> parameters,
                            List<Output> outputs) {

    public InferResponse {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        outputs = List.copyOf(outputs);
    }

    /** One FP32 output tensor. */
    public record Output(String name, long[] shape, float[] values) {
    }
}
