package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelTest {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    @TempDir
    Path dir;

    private static ModelEntry smallest(ZooManifest zoo) {
        return zoo.models().stream().min(Comparator.comparingLong(m -> m.file().path().toFile().length())).orElseThrow();
    }

    @Test
    void runsABatchAndReturnsTheLogitsOfEachItem() {
        try (OnnxModel model = OnnxModel.load(ENVIRONMENT, smallest(ZooManifest.read(Committed.zoo())), 1)) {
            assertThat(model.input().dims()).containsExactly(-1L, 1L, 28L, 28L);
            assertThat(model.input().itemElements()).isEqualTo(784);

            float[][] logits = model.run(new float[3 * 784], 3);

            assertThat(logits).hasNumberOfRows(3);
            assertThat(logits[0]).hasSize(10).isEqualTo(logits[2]);
        }
    }

    @Test
    void runsOfEverySizeOnSeveralThreadsGiveEachItemWhatItGetsAlone() throws Exception {
        try (OnnxModel model = OnnxModel.load(ENVIRONMENT, smallest(ZooManifest.read(Committed.zoo())), 1)) {
            int elements = model.input().itemElements();
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            float[][] items = new float[16][elements];
            float[][] alone = new float[items.length][];
            for (int i = 0; i < items.length; i++) {
                for (int e = 0; e < elements; e++) {
                    items[i][e] = (float) random.nextDouble();
                }
                alone[i] = model.run(items[i], 1)[0];
            }
            // the kept input buffers are reused by runs of other sizes and taken by several threads at once
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
                for (int round = 0; round < 200; round++) {
                    int n = 1 + round % items.length;
                    int first = round % (items.length - n + 1);
                    runs.add(threads.submit(() -> {
                        float[] batch = new float[n * elements];
                        for (int i = 0; i < n; i++) {
                            System.arraycopy(items[first + i], 0, batch, i * elements, elements);
                        }
                        float[][] out = model.run(batch, n);
                        for (int i = 0; i < n; i++) {
                            assertThat(out[i]).containsExactly(alone[first + i],
                                    org.assertj.core.data.Offset.offset(1e-4f));
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> run : runs) {
                    run.get();
                }
            } finally {
                threads.shutdown();
            }
        }
    }

    @Test
    void aWrongElementCountIsRefusedBeforeNativeCode() {
        try (OnnxModel model = OnnxModel.load(ENVIRONMENT, smallest(ZooManifest.read(Committed.zoo())), 1)) {
            assertThatThrownBy(() -> model.run(new float[700], 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("input of " + model.name() + " with shape [1, 1, 28, 28] needs 784 values, got 700");
            assertThatThrownBy(() -> model.run(new float[784], 2))
                    .hasMessageContaining("needs 1568 values, got 784");
            assertThatThrownBy(() -> model.run(new float[0], 0))
                    .hasMessage("a batch for " + model.name() + " needs at least one item, got 0");
        }
    }

    @Test
    void aClosedModelSaysSo() {
        OnnxModel model = OnnxModel.load(ENVIRONMENT, smallest(ZooManifest.read(Committed.zoo())), 1);
        model.close();
        model.close();

        assertThatThrownBy(() -> model.run(new float[784], 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("model " + model.name() + " is closed");
    }

    @Test
    void aFileThatDiffersFromItsShaIsRefusedAndNamed() throws IOException {
        ZooManifest zoo = ZooManifest.read(Committed.zooCopy(dir));
        ModelEntry victim = smallest(zoo);
        byte[] bytes = Files.readAllBytes(victim.file().path());
        bytes[bytes.length / 2] ^= 1;
        Files.write(victim.file().path(), bytes);

        assertThatThrownBy(() -> LoadedZoo.load(zoo, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model file " + victim.file().path() + " of model " + victim.name() + " has SHA-256 ")
                .hasMessageContaining("but the manifest says " + victim.file().sha256());
    }

    @Test
    void aMissingFileIsRefusedAndNamed() throws IOException {
        ZooManifest zoo = ZooManifest.read(Committed.zooCopy(dir));
        ModelEntry victim = zoo.models().get(zoo.models().size() - 1);
        Files.delete(victim.file().path());

        assertThatThrownBy(() -> LoadedZoo.load(zoo, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model file " + victim.file().path() + " of model " + victim.name() + " does not exist");
    }

    @Test
    void aGarbageFileWithAMatchingShaIsRefusedAndNamed() throws IOException {
        ZooManifest zoo = ZooManifest.read(Committed.zooCopy(dir));
        ModelEntry victim = smallest(zoo);
        byte[] garbage = "this is not an ONNX model".getBytes();
        Files.write(victim.file().path(), garbage);
        rewrite(zoo.file(), victim.file().sha256(), ModelFile.sha256(garbage));

        assertThatThrownBy(() -> LoadedZoo.load(ZooManifest.read(zoo.file()), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model file " + victim.file().path() + " of model " + victim.name()
                        + " is not a model ONNX Runtime can load");
    }

    @Test
    void aManifestThatMisnamesTheInputIsRefused() throws IOException {
        ZooManifest zoo = ZooManifest.read(Committed.zooCopy(dir));
        rewrite(zoo.file(), "\"name\": \"input\"", "\"name\": \"pixels\"");
        ModelEntry entry = ZooManifest.read(zoo.file()).models().get(0);

        assertThatThrownBy(() -> OnnxModel.load(ENVIRONMENT, entry, 1))
                .hasMessage("model file " + entry.file().path() + " has no input named 'pixels' (its inputs: [input])");
    }

    @Test
    void aManifestShapeTheModelContradictsIsRefused() throws IOException {
        ZooManifest zoo = ZooManifest.read(Committed.zooCopy(dir));
        String json = Files.readString(zoo.file());
        Files.writeString(zoo.file(), json.replaceAll("\"shape\": \\[\\s*-1,\\s*1,\\s*28,\\s*28\\s*]",
                "\"shape\": [-1, 1, 32, 32]"));
        ModelEntry entry = ZooManifest.read(zoo.file()).models().get(0);

        assertThatThrownBy(() -> OnnxModel.load(ENVIRONMENT, entry, 1))
                .hasMessage("model file " + entry.file().path() + ": input 'input' has shape [-1, 1, 28, 28], but the manifest"
                        + " declares [-1, 1, 32, 32]");
    }

    @Test
    void aZooLoadsEveryModelInManifestOrder() {
        ZooManifest manifest = ZooManifest.read(Committed.zoo());
        try (LoadedZoo zoo = LoadedZoo.load(manifest, 1)) {
            assertThat(zoo.models()).extracting(OnnxModel::name)
                    .isEqualTo(manifest.models().stream().map(ModelEntry::name).toList());
            assertThat(zoo.model(manifest.models().get(0).name())).isPresent();
        }
    }

    @Test
    void intraOpThreadsMustBePositive() {
        ModelEntry entry = smallest(ZooManifest.read(Committed.zoo()));
        assertThatThrownBy(() -> OnnxModel.load(ENVIRONMENT, entry, 0))
                .hasMessage("intra-op threads must be at least 1, got 0");
    }

    @Test
    void aFixedBatchSizeIsEnforced() {
        InputShape shape = new InputShape("net", List.of(1L, 3L, 2L, 2L));

        assertThat(shape.acceptsBatch(1)).isTrue();
        assertThat(shape.acceptsBatch(2)).isFalse();
        assertThat(shape.described()).isEqualTo("[1, 3, 2, 2]");
        assertThatThrownBy(() -> shape.forBatch(4)).hasMessage("model net takes batches of 1 only, got 4");
        assertThatThrownBy(() -> shape.check(new long[] {1, 2, 2, 3}, 12))
                .hasMessage("input of net must have shape [1, 3, 2, 2], got [1, 2, 2, 3]");
    }

    private static void rewrite(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
