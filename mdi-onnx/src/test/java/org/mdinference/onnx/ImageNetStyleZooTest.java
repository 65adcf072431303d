package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A zoo of ImageNet-shaped models, as a user drops them in: a torchvision-style NCHW RGB model with a dynamic batch
 * and a Keras-style NHWC BGR model with a fixed batch of one. Both test models return each input channel's mean
 * as logits 0..2 (see make_models.py beside them), so the tests see exactly what preprocessing fed in.
 */
class ImageNetStyleZooTest {

    private static Path zoo() {
        try {
            return Path.of(ImageNetStyleZooTest.class.getResource("imagenet-like/zoo.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 400 wide, 300 high PNG of one colour: resizing and cropping keep it. */
    private static byte[] solid(int rgb) throws IOException {
        BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void aTorchvisionStyleModelGetsResizedCroppedNormalisedRgb() throws IOException {
        try (LoadedZoo zoo = LoadedZoo.load(ZooManifest.read(zoo()), 1)) {
            OnnxModel model = zoo.model("torchvision_like").orElseThrow();
            float[] input = model.preprocessor().image(solid(0x0a78fa));   // r=10 g=120 b=250

            float[][] logits = model.run(input, 1);

            float[] expected = {(float) ((10 / 255.0 - 0.485) / 0.229), (float) ((120 / 255.0 - 0.456) / 0.224),
                (float) ((250 / 255.0 - 0.406) / 0.225)};
            assertThat(input).hasSize(3 * 224 * 224);
            for (int c = 0; c < 3; c++) {
                assertThat(input[c * 224 * 224]).isCloseTo(expected[c], within(1e-6f));
                assertThat(input[c * 224 * 224 + 224 * 224 - 1]).isCloseTo(expected[c], within(1e-6f));
                // the model averages 50,176 floats in float: a relative error of about 1e-4
                assertThat(logits[0][c]).isCloseTo(expected[c], within(1e-3f));
            }
            assertThat(logits[0]).hasSize(1000);
            assertThat(logits[0][3]).isZero();
        }
    }

    @Test
    void aKerasStyleModelGetsBgrMinusMeansInNhwc() throws IOException {
        try (LoadedZoo zoo = LoadedZoo.load(ZooManifest.read(zoo()), 1)) {
            OnnxModel model = zoo.model("keras_like").orElseThrow();

            float[] input = model.preprocessor().image(solid(0x0a78fa));
            float[][] logits = model.run(input, 1);

            assertThat(model.input().dims()).containsExactly(1L, 224L, 224L, 3L);
            // the first pixel, channels side by side: blue, green, red minus their means
            assertThat(input[0]).isCloseTo(250 - 103.939f, within(1e-4f));
            assertThat(input[1]).isCloseTo(120 - 116.779f, within(1e-4f));
            assertThat(input[2]).isCloseTo(10 - 123.68f, within(1e-4f));
            for (int c = 0; c < 3; c++) {
                assertThat(logits[0][c]).isCloseTo(input[c], within(Math.abs(input[c]) * 1e-3f));
            }
        }
    }

    @Test
    void aFixedBatchOfOneIsRunAndProfiledAtThatSizeOnly() {
        try (LoadedZoo zoo = LoadedZoo.load(ZooManifest.read(zoo()), 1)) {
            OnnxModel keras = zoo.model("keras_like").orElseThrow();
            assertThatThrownBy(() -> keras.run(new float[2 * 224 * 224 * 3], 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("model keras_like takes batches of 1 only, got 2");

            ZooProfile profile = new Profiler(new ProfileSettings(1, 4, Duration.ofSeconds(1)), System::nanoTime)
                    .profile(zoo, Progress.NONE);

            assertThat(profile.rows()).extracting(r -> r.model() + "@" + r.batch()).containsExactly(
                    "torchvision_like@1", "torchvision_like@2", "torchvision_like@4", "keras_like@1");
            assertThat(profile.toZoo(zoo.manifest()).mostAccurate().name()).isEqualTo("keras_like");
        }
    }
}
