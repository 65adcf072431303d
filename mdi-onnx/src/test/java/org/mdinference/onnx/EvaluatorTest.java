package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Java's top-1 on the committed test split against the figures the Python trainer wrote into the manifest. */
class EvaluatorTest {

    /**
     * The ten-view ensemble of ResNet-20 takes about ten minutes over the whole split on two cores, half the suite's
     * budget, so only the slow test checks it ({@code mvn -pl mdi-onnx test -Dexcluded.test.groups=none}); the
     * network it averages, resnet20_w32, is checked on every run.
     */
    private static final Set<String> SLOW = Set.of("resnet20_w32_tta10");

    private static final ZooManifest MANIFEST = ZooManifest.read(Committed.zoo());
    private static final IdxDataset TEST_SPLIT = IdxDataset.testSplit(Committed.testSplit());
    private static final int THREADS = Runtime.getRuntime().availableProcessors();

    private static final List<ModelAccuracy> accuracies = new ArrayList<>();
    private static final List<String> progress = new ArrayList<>();

    /** Every model but the slow ones on all 10,000 images, once for the class: the slowest step of the suite. */
    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    static void evaluateTheZoo() {
        try (LoadedZoo zoo = LoadedZoo.load(MANIFEST, THREADS)) {
            Evaluator evaluator = new Evaluator(Evaluator.DEFAULT_BATCH);
            for (OnnxModel model : zoo.models()) {
                if (!SLOW.contains(model.name())) {
                    accuracies.add(evaluator.evaluate(model, TEST_SPLIT,
                            (unit, done, total) -> progress.add(unit + " " + done + "/" + total)));
                }
            }
        }
    }

    @Test
    void javaTop1MatchesTheManifestWithin0_002() {
        assertThat(accuracies).extracting(ModelAccuracy::model).containsExactlyElementsOf(
                MANIFEST.models().stream().map(ModelEntry::name).filter(name -> !SLOW.contains(name)).toList());
        assertMatchesTheManifest(accuracies);
    }

    @Test
    @Tag("slow")
    void theSlowModelsMatchTheManifestToo() {
        List<ModelAccuracy> slow = new ArrayList<>();
        try (LoadedZoo zoo = LoadedZoo.load(MANIFEST, THREADS)) {
            for (String name : SLOW) {
                zoo.model(name).ifPresent(model -> slow.add(new Evaluator(Evaluator.DEFAULT_BATCH)
                        .evaluate(model, TEST_SPLIT, Progress.NONE)));
            }
        }
        assertMatchesTheManifest(slow);
    }

    @Test
    void progressCountsBatchesPerModel() {
        String first = MANIFEST.models().get(0).name();
        assertThat(progress).startsWith(first + " 1/40").contains(first + " 40/40").hasSize(40 * accuracies.size());
    }

    /** A model run elsewhere is whatever runs a batch: the same model behind a function measures the same. */
    @Test
    void aSubjectIsMeasuredByWhatRunsItsBatches() {
        IdxDataset first = TEST_SPLIT.first(300);
        try (LoadedZoo zoo = LoadedZoo.load(MANIFEST, 1)) {
            OnnxModel model = zoo.models().get(0);
            List<Integer> batches = new ArrayList<>();
            Evaluator.Subject counted = new Evaluator.Subject(model.name(), model.input(), model.preprocessor(),
                    (batch, n) -> {
                        batches.add(n);
                        return model.run(batch, n);
                    });
            Evaluator evaluator = new Evaluator(128);

            assertThat(evaluator.evaluate(counted, first, Progress.NONE))
                    .isEqualTo(evaluator.evaluate(model, first, Progress.NONE));
            assertThat(batches).containsExactly(128, 128, 44);
            Evaluator.Subject short1 = new Evaluator.Subject(model.name(), model.input(), model.preprocessor(),
                    (batch, n) -> java.util.Arrays.copyOf(model.run(batch, n), n - 1));
            assertThatThrownBy(() -> evaluator.evaluate(short1, first, Progress.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("model " + model.name() + " returned 127 outputs for a batch of 128");
        }
    }

    @Test
    void argmaxTakesTheFirstOfEqualMaxima() {
        assertThat(Evaluator.argmax(new float[] {0f, 3f, 1f, 3f})).isEqualTo(1);
        assertThat(Evaluator.argmax(new float[] {-1f})).isZero();
    }

    private static void assertMatchesTheManifest(List<ModelAccuracy> measured) {
        for (ModelAccuracy accuracy : measured) {
            assertThat(accuracy.total()).isEqualTo(10_000);
            double expected = MANIFEST.model(accuracy.model()).orElseThrow().top1();
            assertThat(accuracy.top1()).as(accuracy.model()).isCloseTo(expected, within(0.002));
        }
    }
}
