package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.cli.ZooCommandTest.Cli;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.PemKeys;
import org.mdinference.onnx.TestKeys;
import org.mdinference.onnx.ZooManifest;

/** {@code mdi zoo calibrate}: the bundled zoo's gate, written from its per-image truth, and what it refuses. */
class ZooCalibrateCommandTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    /** A copy of the committed zoo whose manifest has no gate yet. */
    private Path uncalibratedZoo() throws IOException {
        Path zoo = Committed.zooCopy(dir.resolve("zoo"));
        Path file = zoo.resolve(ZooManifest.FILE_NAME);
        Files.writeString(file, Files.readString(file).replaceAll("(?s),\n      \"gate\": \\{.*?\n      }\n    }",
                "\n    }"));
        assertThat(ZooManifest.read(zoo).onDevice().orElseThrow().gate()).isEmpty();
        return zoo;
    }

    @Test
    void writesTheCommittedGateFromTheCommittedTruth() throws IOException {
        Path zoo = uncalibratedZoo();

        assertThat(cli.mdi("zoo", "calibrate", "--zoo", zoo.toString())).as("%s", cli.stderr).isZero();

        assertThat(zoo.resolve(ZooManifest.FILE_NAME)).content()
                .isEqualTo(Files.readString(Committed.zoo().resolve(ZooManifest.FILE_NAME)));
        assertThat(cli.stdout.toString())
                .contains("confidence gate of mobilenet_w025_r16 against always offloading to resnet20_w32_tta10,"
                        + " fit on images 0..4999, measured on 5000..9999")
                .containsPattern("0\\.50 +0\\.818531 +81\\.1% +18\\.9% +0\\.52")
                .contains("wrote the gate of mobilenet_w025_r16 to " + zoo.resolve(ZooManifest.FILE_NAME))
                .doesNotContain("signature");
    }

    @Test
    void aSignedZooIsToldToBeSignedAgain() throws IOException {
        Path zoo = uncalibratedZoo();
        Path[] key = TestKeys.writeEd25519(dir, "key");
        assertThat(cli.mdi("zoo", "sign", "--key", key[0].toString(), "--zoo", zoo.toString())).isZero();

        assertThat(cli.mdi("zoo", "calibrate", "--zoo", zoo.toString(), "--loss", "0,0.5")).isZero();

        assertThat(cli.stdout.toString()).contains("the signature " + zoo.resolve("zoo.json.sig")
                + " no longer matches zoo.json: sign it again with mdi zoo sign");
        assertThatThrownBy(() -> ZooManifest.readSigned(zoo, PemKeys.readPublic(key[1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ZooManifest.read(zoo).onDevice().orElseThrow().gate().orElseThrow().table().rows()).hasSize(2);
    }

    @Test
    void refusesWhatItCannotCalibrate() throws IOException {
        Path zoo = uncalibratedZoo();

        assertThat(cli.mdi("zoo", "calibrate", "--zoo", zoo.toString(), "--per-image", dir.resolve("none.csv")
                .toString())).isEqualTo(2);
        assertThat(cli.stderr.toString()).contains("none.csv does not exist: write it with mdi zoo eval");

        assertThat(cli.mdi("zoo", "calibrate", "--zoo", zoo.toString(), "--loss", "0.5,0.1")).isEqualTo(2);
        assertThat(cli.stderr.toString()).contains("losses allowed must increase");

        assertThat(cli.mdi("zoo", "calibrate", "--zoo", zoo.toString(), "--reference", "ghost")).isEqualTo(2);
        assertThat(cli.stderr.toString()).contains("no answers of model ghost");
        assertThat(ZooManifest.read(zoo).onDevice().orElseThrow().gate()).isEmpty();
    }
}
