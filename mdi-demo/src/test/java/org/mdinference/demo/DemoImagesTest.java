package org.mdinference.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.mdinference.client.ClientInput;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.onnx.ImagePreprocessor;
import org.mdinference.onnx.InputShape;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ZooManifest;
import org.junit.jupiter.api.Test;

class DemoImagesTest {

    @Test
    void aTensorPayloadIsTheZoosPreprocessingOfThePngAnAppWouldSend() {
        ModelEntry entry = ZooManifest.read(Committed.zoo()).models().get(0);
        ImagePreprocessor zoo = new ImagePreprocessor(new InputShape(entry.name(), entry.input().shape()),
                entry.preprocessing());
        IdxDataset test = IdxDataset.testSplit(Committed.testSplit());
        DemoImages png = DemoImages.sample(test, 5, DemoSettings.Payload.PNG, List.of(zoo), 3);
        DemoImages tensors = DemoImages.sample(test, 5, DemoSettings.Payload.TENSOR, List.of(zoo, zoo), 3);

        for (int k = 0; k < 5; k++) {
            ClientInput sent = tensors.input(k);
            assertThat(tensors.label(k)).isEqualTo(png.label(k));
            assertThat(sent.shape()).containsExactly(1, 1, 28, 28);
            assertThat(sent.values()).containsExactly(zoo.image(png.input(k).image()));
        }
    }

    @Test
    void aTensorIsRefusedForAZooWhoseMembersTakeDifferentInputs() {
        ModelEntry entry = ZooManifest.read(Committed.zoo()).models().get(0);
        ImagePreprocessor small = new ImagePreprocessor(new InputShape(entry.name(), entry.input().shape()),
                entry.preprocessing());
        ImagePreprocessor large = new ImagePreprocessor(new InputShape("large", List.of(-1L, 1L, 32L, 32L)),
                entry.preprocessing());
        IdxDataset test = IdxDataset.testSplit(Committed.testSplit());
        assertThatThrownBy(() -> DemoImages.sample(test, 2, DemoSettings.Payload.TENSOR, List.of(small, large), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry.name() + " and large differ").hasMessageContaining("--payload png");
        assertThat(DemoImages.sample(test, 2, DemoSettings.Payload.PNG, List.of(small, large), 3).size())
                .isEqualTo(2);
    }
}
