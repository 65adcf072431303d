package org.mdinference.server.grpc;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mdinference.grpc.InferParameter;
import org.mdinference.grpc.InferTensorContents;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.protocol.OipNames;
import org.mdinference.server.protocol.InferRequest;
import org.mdinference.server.protocol.InputTensor;
import org.mdinference.server.protocol.InputTensors;
import org.mdinference.server.protocol.OipException;

/**
 * Turns a gRPC {@code ModelInferRequest} into the very {@link InferRequest} the REST decoder makes, with the same
 * checks ({@link InputTensors}): FP32 and BYTES inputs, each as one entry of {@code raw_input_contents} (FP32
 * little-endian, a BYTES element as a 4-byte little-endian length and its bytes) or as typed {@code contents}
 * ({@code fp32_contents}, {@code bytes_contents}), and the request's parameters as Java values.
 *
 * <p>The zoo's numeric parameters ({@code sla_ms}, {@code elapsed_ms}, {@code return_ms}, {@code min_accuracy}) may
 * come as {@code int64_param}, {@code double_param} or {@code string_param} holding a decimal number: a client whose
 * proto predates {@code double_param} (the specification's first InferParameter had bool, int64 and string only)
 * can then still send 0.82 or 12.5. Any other string stays a string, which the zoo's parameter check refuses by
 * name.
 */
final class GrpcRequests {

    private static final Set<String> NUMERIC = Set.of(OipNames.SLA_MS, OipNames.ELAPSED_MS, OipNames.RETURN_MS,
            OipNames.MIN_ACCURACY);
    /** A plain decimal number, as JSON writes one: no hex, no NaN or Infinity, no type suffix. */
    private static final Pattern DECIMAL = Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final InputTensors tensors;

    GrpcRequests(InputTensors tensors) {
        this.tensors = tensors;
    }

    /** @throws OipException 400 for anything malformed, naming the fault */
    InferRequest decode(ModelInferRequest request) {
        if (request.getInputsCount() == 0) {
            throw OipException.badRequest("an inference request needs at least one input");
        }
        int raws = request.getRawInputContentsCount();
        if (raws > 0 && raws != request.getInputsCount()) {
            throw OipException.badRequest("the request has " + request.getInputsCount() + " inputs but "
                    + raws + " raw_input_contents; give one per input, in the order of the inputs");
        }
        List<InputTensor> inputs = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            inputs.add(raws > 0 ? raw(input, request.getRawInputContents(i)) : typed(input));
        }
        return new InferRequest(request.getId().isEmpty() ? Optional.empty() : Optional.of(request.getId()),
                parameters(request.getParametersMap()), inputs, false);
    }

    private InputTensor raw(ModelInferRequest.InferInputTensor input, ByteString raw) {
        if (input.hasContents()) {
            throw OipException.badRequest("input " + input.getName() + " has contents, but the request carries"
                    + " raw_input_contents: give every input's data one way or the other");
        }
        return tensors.raw(input.getName(), input.getDatatype(), shape(input),
                raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    private InputTensor typed(ModelInferRequest.InferInputTensor input) {
        String name = input.getName();
        if (!input.hasContents()) {
            throw OipException.badRequest("input " + name + " needs contents or raw_input_contents");
        }
        InputTensors.checkDatatype(name, input.getDatatype());
        // the shape against the limit before the contents are copied out of the message
        tensors.elements(name, shape(input));
        InferTensorContents contents = input.getContents();
        if (input.getDatatype().equals(InputTensors.FP32)) {
            only(name, InputTensors.FP32, "fp32_contents", contents.getFp32ContentsCount(), contents);
            float[] values = new float[contents.getFp32ContentsCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = contents.getFp32Contents(i);
            }
            return tensors.floats(name, shape(input), values);
        }
        only(name, InputTensors.BYTES, "bytes_contents", contents.getBytesContentsCount(), contents);
        List<byte[]> elements = new ArrayList<>(contents.getBytesContentsCount());
        for (ByteString element : contents.getBytesContentsList()) {
            elements.add(element.toByteArray());
        }
        return tensors.byteStrings(name, shape(input), elements);
    }

    /** Values in another field than the datatype's are a mistake: silently taking none would hide it. */
    private static void only(String name, String datatype, String field, int count, InferTensorContents contents) {
        int all = contents.getBoolContentsCount() + contents.getIntContentsCount() + contents.getInt64ContentsCount()
                + contents.getUintContentsCount() + contents.getUint64ContentsCount()
                + contents.getFp32ContentsCount() + contents.getFp64ContentsCount()
                + contents.getBytesContentsCount();
        if (all != count) {
            throw OipException.badRequest("input " + name + " is " + datatype + ": its values go in contents."
                    + field + ", and no other field of its contents");
        }
    }

    private static long[] shape(ModelInferRequest.InferInputTensor input) {
        long[] shape = new long[input.getShapeCount()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = input.getShape(i);
        }
        return shape;
    }

    /** The parameters as Java values, as a JSON reader gives them; one with no value set is left out, as null is. */
    static Map<String, Object> parameters(Map<String, InferParameter> parameters) {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((name, parameter) -> value(name, parameter).ifPresent(value -> values.put(name, value)));
        return values;
    }

    private static Optional<Object> value(String name, InferParameter parameter) {
        return Optional.ofNullable(switch (parameter.getParameterChoiceCase()) {
            case BOOL_PARAM -> parameter.getBoolParam();
            case INT64_PARAM -> parameter.getInt64Param();
            case DOUBLE_PARAM -> parameter.getDoubleParam();
            case UINT64_PARAM -> parameter.getUint64Param() >= 0 ? (Object) parameter.getUint64Param()
                    : new BigInteger(Long.toUnsignedString(parameter.getUint64Param()));
            case STRING_PARAM -> NUMERIC.contains(name) && DECIMAL.matcher(parameter.getStringParam()).matches()
                    ? (Object) Double.parseDouble(parameter.getStringParam()) : parameter.getStringParam();
            case PARAMETERCHOICE_NOT_SET -> null;
        });
    }
}
