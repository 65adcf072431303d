package org.mdinference.server.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;
import org.mdinference.grpc.InferParameter;
import org.mdinference.grpc.ModelInferResponse;
import org.mdinference.server.RequestFailure;
import org.mdinference.server.ServedMetadata;
import org.mdinference.server.protocol.InferResponse;
import org.mdinference.server.protocol.InputTensors;

/**
 * Writes the gRPC replies: an {@link InferResponse} as a {@code ModelInferResponse}, its outputs as {@code
 * raw_output_contents} (FP32, little-endian) and its parameters typed as their values are (the REST reply's, by the
 * same names); and a {@link RequestFailure} as a status whose code stands for the REST reply's HTTP status and whose
 * description is the REST reply's error message.
 */
final class GrpcReplies {

    /** The trailer that tells a client of a full queue when to retry, in seconds, as REST's header does. */
    static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcReplies() {
    }

    static ModelInferResponse reply(InferResponse response) {
        ModelInferResponse.Builder reply = ModelInferResponse.newBuilder().setModelName(response.modelName())
                .setModelVersion(ServedMetadata.MODEL_VERSION);
        response.id().ifPresent(reply::setId);
        response.parameters().toMap().forEach((name, value) -> reply.putParameters(name, parameter(value)));
        for (InferResponse.Output output : response.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder tensor = reply.addOutputsBuilder().setName(output.name())
                    .setDatatype(InputTensors.FP32);
            for (long dim : output.shape()) {
                tensor.addShape(dim);
            }
            ByteBuffer raw = ByteBuffer.allocate(4 * output.values().length).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(output.values());
            // the buffer is this reply's alone and never written again: no copy
            reply.addRawOutputContents(UnsafeByteOperations.unsafeWrap(raw.array()));
        }
        return reply.build();
    }

    /**
     * A reply parameter typed as its value is; null (the zoo's {@code model} when no member answered, JSON's null)
     * is a parameter with no value set.
     */
    static InferParameter parameter(@Nullable Object value) {
        InferParameter.Builder parameter = InferParameter.newBuilder();
        if (value instanceof Boolean flag) {
            parameter.setBoolParam(flag);
        } else if (value instanceof Integer || value instanceof Long) {
            parameter.setInt64Param(((Number) value).longValue());
        } else if (value instanceof Number number) {
            parameter.setDoubleParam(number.doubleValue());
        } else if (value != null) {
            parameter.setStringParam(value.toString());
        }
        return parameter.build();
    }

    /** The failure as a status: REST's HTTP status as the nearest code, REST's message as its description. */
    static StatusRuntimeException status(RequestFailure failure) {
        Metadata trailers = new Metadata();
        failure.retryAfterSeconds().ifPresent(seconds -> trailers.put(RETRY_AFTER, Integer.toString(seconds)));
        return code(failure.status()).withDescription(failure.message()).asRuntimeException(trailers);
    }

    private static Status code(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> Status.INVALID_ARGUMENT;
            case 404 -> Status.NOT_FOUND;
            case 413 -> Status.RESOURCE_EXHAUSTED;
            case 502, 503 -> Status.UNAVAILABLE;
            case 504 -> Status.DEADLINE_EXCEEDED;
            case 500 -> Status.INTERNAL;
            default -> Status.UNKNOWN;
        };
    }
}
