package org.mdinference.server.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An inference request, decoded.
 *
 * @param parameters    the request's {@code parameters}, JSON values as Java values (numbers, strings, booleans)
 * @param binaryOutputs whether the reply should carry its outputs as binary tensor data
 */
public record InferRequest(Optional<String> id, Map<String, Object> parameters, List<InputTensor> inputs,
                           boolean binaryOutputs) {

    public InferRequest {
        parameters = Map.copyOf(parameters);
        inputs = List.copyOf(inputs);
    }
}
