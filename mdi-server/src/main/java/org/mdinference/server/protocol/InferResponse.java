package org.mdinference.server.protocol;

import java.util.List;
import java.util.Optional;
import org.mdinference.protocol.ReplyParameters;

/**
 * An inference reply: the model that answered, the request's id, the reply's typed {@code parameters} and FP32
 * outputs, empty when no model ran.
 */
public record InferResponse(String modelName, Optional<String> id, ReplyParameters parameters,
                            List<Output> outputs) {

    public InferResponse {
        outputs = List.copyOf(outputs);
    }

    /** One FP32 output tensor. */
    public record Output(String name, long[] shape, float[] values) {
    }
}
