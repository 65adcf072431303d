package org.mdinference.client;

import java.util.Collections;
import java.util.Optional;
import org.mdinference.protocol.InferRequestBody;
import org.mdinference.protocol.RequestParameters;

/**
 * The zoo requests a client sends: its input, written by mdi-protocol's one builder with the binary tensor extension
 * (docs/protocol.md): the parameters and the input's description as a JSON header, then the input's raw data. An
 * image is a BYTES tensor of one element, a tensor FP32. Raw data keep the body small, which matters on a slow
 * uplink. The reply's outputs are left as JSON, the default: ten logits are small.
 */
final class ZooRequests {

    /** The one input's name; the server does not check it (a model has one input). */
    private static final String INPUT_NAME = "input";

    private ZooRequests() {
    }

    /** Bytes of the input's raw data, the part of the body that does not depend on the parameters. */
    static int payloadBytes(ClientInput input) {
        return input.kind() == ClientInput.Kind.IMAGE ? 4 + input.imageBytes().length
                : 4 * input.tensorValues().length;
    }

    /**
     * The body of a request to the zoo with these parameters (docs/protocol.md, "The zoo endpoint").
     *
     * @param returnsMs   the spread of the returns seen lately, as quantiles; none sends none
     * @param minAccuracy the device model's top-1, in [0, 1]; NaN sends none
     * @throws IllegalArgumentException for a parameter the protocol refuses (mdi-protocol's
     *     {@link RequestParameters})
     */
    static InferRequestBody encode(ClientInput input, double slaMs, double elapsedMs, double returnMs,
                                   double[] returnsMs, Optional<String> policy, double minAccuracy) {
        RequestParameters parameters = RequestParameters.of(slaMs).withElapsedMs(elapsedMs).withReturnMs(returnMs);
        if (returnsMs.length > 0) {
            parameters = parameters.withReturnQuantilesMs(returnsMs);
        }
        if (policy.isPresent()) {
            parameters = parameters.withPolicy(policy.get());
        }
        if (!Double.isNaN(minAccuracy)) {
            parameters = parameters.withMinAccuracy(minAccuracy);
        }
        InferRequestBody.Builder body = InferRequestBody.builder().parameters(parameters).binaryData(true);
        if (input.kind() == ClientInput.Kind.IMAGE) {
            body.bytesInput(INPUT_NAME, new long[] {1}, Collections.singletonList(input.imageBytes()));
        } else {
            body.fp32Input(INPUT_NAME, input.tensorShape(), input.tensorValues());
        }
        return body.build();
    }
}
