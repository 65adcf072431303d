package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled zoo's per-image file against its manifest, its test split and the models themselves. */
class CommittedPerImageTest {

    private static final ZooManifest MANIFEST = ZooManifest.read(Committed.zoo());
    private static final Map<String, ModelPredictions> FILE =
            PerImageCsv.read(Committed.zoo().resolve("per_image.csv.gz"));

    /**
     * The file's accuracy per model is the manifest's top-1 to its 4 decimals: both come from the same 10,000
     * images, the manifest's from onnxruntime in Python, the file's from onnxruntime in Java.
     */
    @Test
    void everyModelsAccuracyIsTheManifestsTop1() {
        assertThat(FILE.keySet()).containsExactlyElementsOf(
                MANIFEST.models().stream().map(ModelEntry::name).toList());
        for (ModelEntry entry : MANIFEST.models()) {
            ModelAccuracy accuracy = FILE.get(entry.name()).accuracy();
            assertThat(accuracy.total()).isEqualTo(10_000);
            assertThat(accuracy.top1()).as(entry.name()).isCloseTo(entry.top1(), within(0.00005));
        }
    }

    @Test
    void everyLabelIsTheTestSplits() {
        IdxDataset split = IdxDataset.testSplit(Committed.testSplit());
        int[] labels = new int[split.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = split.label(i);
        }
        for (ModelPredictions model : FILE.values()) {
            assertThat(model.labels()).as(model.model()).isEqualTo(labels);
        }
    }

    /** The file holds what the models answer today: the device model and a cloud model, on the first 512 images. */
    @Test
    void theModelsAnswerAsTheFileSays() {
        IdxDataset first = IdxDataset.testSplit(Committed.testSplit()).first(512);
        double rounding = 0.5e-6 + 1e-9;
        try (LoadedZoo zoo = LoadedZoo.load(MANIFEST, 1)) {
            for (String name : List.of("mobilenet_w025_r16", "lenet5")) {
                ModelPredictions now = new Evaluator(Evaluator.DEFAULT_BATCH)
                        .predict(Evaluator.Subject.of(zoo.model(name).orElseThrow()), first, Progress.NONE);
                ModelPredictions filed = FILE.get(name);
                for (int i = 0; i < first.size(); i++) {
                    assertThat(filed.predicted()[i]).as("%s on image %d", name, i).isEqualTo(now.predicted()[i]);
                    assertThat(filed.topProbability()[i]).as("%s on image %d", name, i)
                            .isCloseTo(now.topProbability()[i], within(rounding));
                    assertThat(filed.margin()[i]).as("%s on image %d", name, i)
                            .isCloseTo(now.margin()[i], within(rounding));
                }
            }
        }
    }
}
