package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ModelPredictions;
import org.mdinference.onnx.PerImageCsv;
import org.mdinference.onnx.ZooManifest;

class ZooEvalCommandTest extends ZooCommandTest.Cli {

    @TempDir
    Path dir;

    @Test
    void printsJavaAndManifestTop1OfEveryModel() {
        int code = mdi("zoo", "eval", "--zoo", Committed.zoo().toString(), "--data", Committed.testSplit().toString(),
                "--limit", "100", "--threads", "1");

        assertThat(code).as(stderr.toString()).isZero();
        assertThat(stdout.toString()).contains("top-1 on 100 images", "top1 (Java)", "top1 (manifest)", "diff");
        assertThat(stdout.toString().lines().filter(l -> l.matches("  \\S+ +[01]\\.\\d{4} +[01]\\.\\d{4} +[-+]\\d.*")))
                .hasSize(ZooManifest.read(Committed.zoo()).models().size());
        assertThat(stderr.toString()).contains(": 1/1 done");
    }

    @Test
    void writeStoresTheMeasuredFiguresInTheManifest() throws IOException {
        Path zoo = Committed.zooCopy(dir.resolve("zoo"));
        Path data = smallTestSplit(dir.resolve("data"), 100);

        int code = mdi("zoo", "eval", "--zoo", zoo.toString(), "--data", data.toString(), "--write");

        assertThat(code).as(stderr.toString()).isZero();
        assertThat(stdout.toString()).contains("top-1 on 100 images", "wrote the top-1 of",
                zoo.resolve("zoo.json").toString());
        ZooManifest written = ZooManifest.read(zoo);
        for (ModelEntry model : written.models()) {
            String row = stdout.toString().lines().filter(l -> l.startsWith("  " + model.name() + " ")).findFirst()
                    .orElseThrow();
            assertThat(row.split(" +")[2]).isEqualTo(String.format(Locale.ROOT, "%.4f", model.top1()));
        }
    }

    @Test
    void perImageWritesEveryImagesAnswersThatAddUpToThePrintedTop1() {
        Path file = dir.resolve("per_image.csv.gz");
        int code = mdi("zoo", "eval", "--zoo", Committed.zoo().toString(), "--data", Committed.testSplit().toString(),
                "--limit", "100", "--threads", "1", "--per-image", file.toString());

        assertThat(code).as(stderr.toString()).isZero();
        Map<String, ModelPredictions> read = PerImageCsv.read(file);
        assertThat(read.keySet()).containsExactlyElementsOf(
                ZooManifest.read(Committed.zoo()).models().stream().map(ModelEntry::name).toList());
        for (ModelPredictions model : read.values()) {
            assertThat(model.size()).isEqualTo(100);
            String row = stdout.toString().lines().filter(l -> l.startsWith("  " + model.model() + " ")).findFirst()
                    .orElseThrow();
            assertThat(row.split(" +")[2]).isEqualTo(String.format(Locale.ROOT, "%.4f", model.accuracy().top1()));
        }
        assertThat(stdout.toString()).contains("wrote the predictions of 10 models on 100 images to " + file);
    }

    @Test
    void badValuesAreNamedInOneLine() {
        assertThat(mdi("zoo", "eval", "--zoo", "/no/such/zoo")).isEqualTo(2);
        assertThat(mdi("zoo", "eval", "--zoo", Committed.zoo().toString(), "--data", "/no/such/data")).isEqualTo(2);
        assertThat(mdi("zoo", "eval", "--limit", "0")).isEqualTo(2);
        assertThat(mdi("zoo", "eval", "--limit", "100", "--write")).isEqualTo(2);
        assertThat(mdi("zoo", "eval", "--threads", "many")).isEqualTo(2);
        assertThat(stderr.toString().lines())
                .filteredOn(l -> !l.startsWith("Try ")).hasSize(5)
                .allMatch(l -> l.startsWith("mdi zoo eval: "));
        assertThat(stderr.toString()).contains("/no/such/zoo", "/no/such/data", "--limit must be at least 1, got 0",
                "drop --limit 100", "'many'");
    }

    @Test
    void helpShowsEveryOptionAndExamples() {
        assertThat(mdi("zoo", "eval", "--help")).isZero();
        assertThat(stdout.toString()).contains("--zoo", "--data", "--limit", "--write", "--threads", "--batch",
                "--per-image", "Examples:", "zoo/fashion", "data/fashion-mnist");
    }
}
