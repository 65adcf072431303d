package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.client.onnx.OnnxDeviceModel;
import org.mdinference.onnx.Evaluator;
import org.mdinference.onnx.ZooManifest;

/** The zoo's on-device model on ONNX Runtime, fed labelled Fashion-MNIST test images as PNGs and as tensors. */
class OnnxDeviceModelTest {

    private static OnnxDeviceModel device;

    @BeforeAll
    static void load() {
        device = OnnxDeviceModel.fromZoo(Fashion.zoo());
    }

    @AfterAll
    static void close() {
        device.close();
    }

    @Test
    void theZoosOnDeviceModelClassifiesMostTestImagesRight() {
        assertThat(device.name()).isEqualTo(ZooManifest.read(Fashion.zoo()).onDevice().orElseThrow().name());
        int images = 100;
        int right = 0;
        for (int i = 0; i < images; i++) {
            float[] logits = device.logits(Fashion.png(i));
            assertThat(logits).hasSize(10);
            right += Evaluator.argmax(logits) == Fashion.label(i) ? 1 : 0;
        }
        // the manifest's top-1 over the whole split is 0.90
        assertThat(right).isGreaterThanOrEqualTo(83);
    }

    @Test
    void anImageAndItsTensorGiveTheSameLogits() {
        for (int i = 0; i < 5; i++) {
            float[] fromPng = device.logits(Fashion.png(i));
            float[] fromTensor = device.logits(Fashion.tensor(i));
            for (int c = 0; c < fromPng.length; c++) {
                assertThat(fromPng[c]).isCloseTo(fromTensor[c], within(1e-5f));
            }
        }
    }

    @Test
    void warmingUpRunsTheModelAndTheImageDecoderOnInputsOfItsOwn() {
        device.warmUp();
        assertThat(Evaluator.argmax(device.logits(Fashion.png(0)))).isEqualTo(Fashion.label(0));
    }

    @Test
    void refusesWhatIsNoInputOfTheModel() {
        assertThatThrownBy(() -> device.logits(ClientInput.image("not a PNG".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an image");
        assertThatThrownBy(() -> device.logits(ClientInput.tensor(new float[4], 1, 1, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must have shape");
    }

    @Test
    void aZooWithoutAnOnDeviceModelIsNamedInTheError(@TempDir Path dir) throws IOException {
        String manifest = Files.readString(Fashion.zoo().resolve("zoo.json")).replace("\"on_device\": true",
                "\"on_device\": false");
        Files.writeString(dir.resolve("zoo.json"), manifest);

        assertThatThrownBy(() -> OnnxDeviceModel.fromZoo(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zoo fashion").hasMessageContaining("marks no model on_device");
    }
}
