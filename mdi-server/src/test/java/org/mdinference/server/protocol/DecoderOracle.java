package org.mdinference.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.ImagePreprocessor;
import org.mdinference.onnx.InputShape;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.server.ServerConfig;

/**
 * The fuzz tests' oracle for a request decoder, and the steps the server takes next with what it decoded: a decoder
 * returns a request whose every input holds as many values as its shape, or refuses it with a 400 that says why; the
 * zoo's parameters are read or refused with an {@link IllegalArgumentException} (the service answers it with a 400);
 * each input becomes the committed zoo's model input (a tensor's shape checked, each BYTES element decoded as an
 * image) or is refused the same way. Anything else thrown is a finding: Jazzer reports it and keeps the input.
 */
public final class DecoderOracle {

    /** The server's checks of an input with its default limit. */
    public static final InputTensors TENSORS = new InputTensors(ServerConfig.DEFAULT_MAX_TENSOR_ELEMENTS);
    private static final ImagePreprocessor MODEL = committed();

    private DecoderOracle() {
    }

    /** The preprocessor of the committed zoo's first model, as the server builds it from the manifest. */
    private static ImagePreprocessor committed() {
        ModelEntry model = ZooManifest.read(Committed.zoo()).models().get(0);
        return new ImagePreprocessor(new InputShape(model.name(), model.input().shape()), model.preprocessing());
    }

    /** Runs a decoder on fuzzed input, then what the server does with a decoded request. */
    public static void decodes(Supplier<InferRequest> decoder) {
        InferRequest request;
        try {
            request = decoder.get();
        } catch (OipException refused) {
            assertThat(refused.status()).as(refused.getMessage()).isEqualTo(400);
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(request.inputs()).isNotEmpty();
        for (InputTensor input : request.inputs()) {
            holdsItsShape(input);
            becomesModelInput(input);
        }
        readsZooParameters(request);
    }

    private static void holdsItsShape(InputTensor input) {
        int elements = TENSORS.elements(input.name(), input.shape());
        if (input instanceof InputTensor.Floats floats) {
            assertThat(floats.values()).hasSize(elements);
        } else {
            assertThat(((InputTensor.Bytes) input).elements()).hasSize(elements);
        }
    }

    /** As InferenceService's items: an FP32 tensor must be a batch of the model's input, a BYTES element an image. */
    private static void becomesModelInput(InputTensor input) {
        try {
            if (input instanceof InputTensor.Floats floats) {
                MODEL.tensor(floats.values(), floats.shape());
            } else {
                for (byte[] image : ((InputTensor.Bytes) input).elements()) {
                    assertThat(MODEL.image(image)).hasSize(MODEL.input().itemElements());
                }
            }
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /** As the zoo endpoint does; the member endpoints ignore the parameters. */
    public static void readsZooParameters(InferRequest request) {
        try {
            RequestParameters parameters = RequestParameters.read(request.parameters());
            assertThat(parameters.slaMs()).isPositive().isFinite();
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
