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

    @Test
    void aGatedDemosImagesComeOnlyFromTheRangeAskedForAndAnUngatedDemosAreAsBefore() {
        ModelEntry entry = ZooManifest.read(Committed.zoo()).models().get(0);
        ImagePreprocessor zoo = new ImagePreprocessor(new InputShape(entry.name(), entry.input().shape()),
                entry.preprocessing());
        IdxDataset test = IdxDataset.testSplit(Committed.testSplit());
        DemoImages heldOut = DemoImages.sample(test, 5000, 10_000, 300, DemoSettings.Payload.PNG, List.of(zoo), 3);
        for (int k = 0; k < heldOut.size(); k++) {
            assertThat(heldOut.testIndex(k)).isBetween(5000, 9999);
            assertThat(heldOut.label(k)).isEqualTo(test.label(heldOut.testIndex(k)));
        }
        // without a range the draw is the one it always was (Collections.shuffle of 0..9999 with Random(3)): a demo
        // without the gate sees the images it saw before the gate
        DemoImages whole = DemoImages.sample(test, 300, DemoSettings.Payload.PNG, List.of(zoo), 3);
        assertThat(List.of(whole.testIndex(0), whole.testIndex(1), whole.testIndex(2), whole.testIndex(3),
                whole.testIndex(4))).containsExactly(367, 7432, 422, 3549, 5487);
        assertThatThrownBy(() -> DemoImages.sample(test, 5000, 10_000, 5001, DemoSettings.Payload.PNG, List.of(zoo),
                3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("asked for 5001 images; images 5000..9999 are 5000");
    }
}
