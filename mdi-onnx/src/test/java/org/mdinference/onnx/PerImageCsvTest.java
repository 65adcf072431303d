package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerImageCsvTest {

    @TempDir
    Path dir;

    private static final ModelPredictions SMALL = new ModelPredictions("small", new int[] {3, 1, 4},
            new int[] {3, 7, 4}, new double[] {0.5, 0.25, 0.999_999_4}, new double[] {0.25, 0.125, 0.999_999});
    private static final ModelPredictions LARGE = new ModelPredictions("large", new int[] {3, 1, 4},
            new int[] {3, 1, 2}, new double[] {0.9, 0.8, 0.7}, new double[] {0.8, 0.6, 0.4});

    @Test
    void writesOneLinePerImageAndModelAndReadsItBack() throws IOException {
        Path plain = dir.resolve("per_image.csv");
        PerImageCsv.write(plain, List.of(SMALL, LARGE));

        assertThat(Files.readAllLines(plain)).containsExactly(PerImageCsv.HEADER,
                "0,small,3,3,1,0.500000,0.250000",
                "0,large,3,3,1,0.900000,0.800000",
                "1,small,1,7,0,0.250000,0.125000",
                "1,large,1,1,1,0.800000,0.600000",
                "2,small,4,4,1,0.999999,0.999999",
                "2,large,4,2,0,0.700000,0.400000");
        Map<String, ModelPredictions> read = PerImageCsv.read(plain);
        assertThat(read.keySet()).containsExactly("small", "large");
        assertThat(read.get("large")).isEqualTo(LARGE);
        assertThat(read.get("small").predicted()).containsExactly(3, 7, 4);
        assertThat(read.get("small").accuracy()).isEqualTo(new ModelAccuracy("small", 2, 3));
    }

    @Test
    void aNameEndingInGzIsGzipped() throws IOException {
        Path gz = dir.resolve("per_image.csv.gz");
        PerImageCsv.write(gz, List.of(LARGE));

        byte[] bytes = Files.readAllBytes(gz);
        assertThat(bytes[0] & 0xff).isEqualTo(0x1f);
        assertThat(bytes[1] & 0xff).isEqualTo(0x8b);
        assertThat(PerImageCsv.read(gz)).containsEntry("large", LARGE);
    }

    @Test
    void aBrokenLayoutIsNamedWithItsLine() throws IOException {
        assertRefused("image,model\n", "must start with the header");
        assertRefused(PerImageCsv.HEADER + "\n1,small,3,3,1,0.5,0.25\n", "line 2", "must be of image 0");
        assertRefused(PerImageCsv.HEADER + "\n0,a,3,3,1,0.5,0.25\n0,b,3,3,1,0.5,0.25\n1,b,1,1,1,0.5,0.25\n",
                "line 4", "expected image 1, model a", "got image 1, model b");
        assertRefused(PerImageCsv.HEADER + "\n0,a,3,3,1,0.5,0.25\n0,b,3,3,1,0.5,0.25\n1,a,1,1,1,0.5,0.25\n",
                "ends in the middle of image 1");
        assertRefused(PerImageCsv.HEADER + "\n0,a,3,3,0,0.5,0.25\n", "line 2", "correct is 0");
        assertRefused(PerImageCsv.HEADER + "\n0,a,3,3,1,1.5,0.25\n", "line 2", "p_top must lie in [0, 1]");
        assertRefused(PerImageCsv.HEADER + "\n0,a,3,3,1,0.5\n", "line 2 has 6 cells");
        assertRefused(PerImageCsv.HEADER + "\n0,a,3,3,1,0.5,0.25\n0,b,4,3,0,0.5,0.25\n", "line 3",
                "label 4, but label 3");
        assertThatThrownBy(() -> PerImageCsv.read(dir.resolve("none.csv.gz")))
                .hasMessageContainingAll("does not exist", "mdi zoo eval --per-image");
    }

    @Test
    void predictionsOfOtherImagesAreNotWrittenTogether() {
        ModelPredictions other = new ModelPredictions("other", new int[] {1, 1, 1}, new int[] {1, 1, 1},
                new double[] {1, 1, 1}, new double[] {1, 1, 1});
        assertThatThrownBy(() -> PerImageCsv.write(dir.resolve("x.csv"), List.of(SMALL, other)))
                .hasMessageContaining("other images");
    }

    private void assertRefused(String content, String... messageParts) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PerImageCsv.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContainingAll(messageParts);
    }

    @Test
    void softmaxTopTwoOfLogits() {
        double[] two = Evaluator.topTwoProbabilities(new float[] {0f, (float) Math.log(3), -1000f});
        assertThat(two[0]).isCloseTo(0.75, within(1e-7));
        assertThat(two[1]).isCloseTo(0.25, within(1e-7));
        // a logit gap no float softmax could show stays below 1 in double
        assertThat(Evaluator.topTwoProbabilities(new float[] {30f, 0f})[0]).isLessThan(1).isGreaterThan(0.999_999);
    }
}
