package org.mdinference.server;

import java.util.List;
import java.util.Optional;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.protocol.OipException;

/**
 * What the server says of itself and of each model it serves, whatever the transport asks (REST's {@code /v2} and
 * {@code /v2/models/NAME}, gRPC's ServerMetadata and ModelMetadata): one model version, {@value #MODEL_VERSION};
 * the zoo as a platform of its own whose input and output are its first member's; each member as an ONNX Runtime
 * model.
 */
public final class ServedMetadata {

    public static final String SERVER_NAME = "mdinference";
    /** The one version each model has. */
    public static final String MODEL_VERSION = "1";
    /** The protocol's extensions the server speaks. */
    public static final List<String> EXTENSIONS = List.of("binary_tensor_data", "mdinference_zoo");
    public static final String ZOO_PLATFORM = "mdinference_zoo";
    public static final String MEMBER_PLATFORM = "onnxruntime_onnx";

    private ServedMetadata() {
    }

    /** A tensor as the metadata describe it; -1 for a dimension of any size (the batch). */
    public record Tensor(String name, String datatype, List<Long> shape) {
    }

    /**
     * One model's metadata.
     *
     * @param members the zoo's members by name; empty for a member
     */
    public record Model(String name, List<String> versions, String platform, List<Tensor> inputs,
                        List<Tensor> outputs, List<String> members) {
    }

    /** @throws OipException 404 for a model not served */
    public static Model model(InferenceService service, String model) {
        boolean zoo = model.equals(service.zoo().name());
        ServedModel described = zoo ? service.zoo().members().get(0)
                : service.zoo().member(model).orElseThrow(() -> service.unknownModel(model));
        return new Model(model, List.of(MODEL_VERSION), zoo ? ZOO_PLATFORM : MEMBER_PLATFORM,
                List.of(new Tensor(described.inputSpec().name(), "FP32", described.input().dims())),
                List.of(new Tensor(described.output().name(), "FP32", described.output().shape())),
                zoo ? service.zoo().members().stream().map(ServedModel::name).toList() : List.of());
    }

    /**
     * Checks that a request names a model served, in its one version.
     *
     * @param version the version asked for; empty when the request names none
     * @throws OipException 404 for a model not served, or a version other than {@value #MODEL_VERSION}
     */
    public static void checkServed(InferenceService service, String model, Optional<String> version) {
        if (!service.serves(model)) {
            throw service.unknownModel(model);
        }
        if (version.isPresent() && !version.get().equals(MODEL_VERSION)) {
            throw OipException.notFound("model " + model + " has version " + MODEL_VERSION + " only, not "
                    + version.get());
        }
    }
}
