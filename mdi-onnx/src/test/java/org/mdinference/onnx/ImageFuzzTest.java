package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes what a BYTES element becomes on the server: any bytes, as an encoded image (PNG, JPEG, or whatever else
 * javax.imageio reads), to one item of a model's input, through the committed zoo's preprocessing (28x28 grey, no
 * resize) and an ImageNet-style one (resize, crop, RGB) that decodes every image up to {@link Pixels#MAX_PIXELS}.
 * The oracle: an item of the model's size, or the {@link IllegalArgumentException} that the server answers with a
 * 400; anything else (another exception, an error such as OutOfMemoryError, a hang) is a finding. Every build replays
 * the committed seeds (src/test/resources, ImageFuzzTestInputs); {@code JAZZER_FUZZ=1} fuzzes
 * (docs/reliability.md, "Fuzzed decoders").
 */
class ImageFuzzTest {

    private static final ImagePreprocessor FASHION = committed();
    private static final ImagePreprocessor RESIZING = new ImagePreprocessor(
            new InputShape("resnet", List.of(-1L, 3L, 224L, 224L)), Optional.of(new Preprocessing(
            Preprocessing.Layout.NCHW, Preprocessing.Color.RGB, Preprocessing.Scale.UNIT,
            Optional.of(new Resize.ShorterSide(256)), Optional.of(new Size(224, 224)), List.of(0.485, 0.456, 0.406),
            List.of(0.229, 0.224, 0.225))));

    /** The preprocessor of the committed zoo's first model, as the server builds it from the manifest. */
    private static ImagePreprocessor committed() {
        ModelEntry model = ZooManifest.read(Committed.zoo()).models().get(0);
        return new ImagePreprocessor(new InputShape(model.name(), model.input().shape()), model.preprocessing());
    }

    @FuzzTest
    void image(byte[] encoded) {
        for (ImagePreprocessor model : List.of(FASHION, RESIZING)) {
            float[] item;
            try {
                item = model.image(encoded);
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).isNotBlank();
                continue;
            }
            assertThat(item).hasSize(model.input().itemElements());
        }
    }
}
