package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.core.GateTable;

/** The device model's gate in zoo.json: the committed one, how it is written, what a manifest may not say. */
class ZooGateTest {

    @TempDir
    Path dir;

    private static GateEntry committedGate() {
        return ZooManifest.read(Committed.zoo()).onDevice().orElseThrow().gate().orElseThrow();
    }

    @Test
    void theCommittedGateIsTheCalibrationOfTheCommittedPerImageTruth() {
        ZooManifest zoo = ZooManifest.read(Committed.zoo());
        GateEntry committed = committedGate();
        List<Double> losses = committed.table().rows().stream().map(GateTable.Row::maxLoss).toList();
        Map<String, ModelPredictions> truth = PerImageCsv.read(Committed.zoo().resolve("per_image.csv.gz"));

        GateEntry fit = GateCalibrator.calibrate(truth, zoo.onDevice().orElseThrow().name(), committed.reference(),
                losses);

        assertThat(committed.score()).isEqualTo(GateEntry.SOFTMAX_TOP);
        assertThat(committed.reference()).isEqualTo("resnet20_w32_tta10");
        assertThat(committed.fitImages()).isEqualTo(new GateEntry.Images(0, 5000));
        assertThat(committed.measuredImages()).isEqualTo(new GateEntry.Images(5000, 10000));
        assertThat(fit.fitImages()).isEqualTo(committed.fitImages());
        assertThat(fit.measuredImages()).isEqualTo(committed.measuredImages());
        for (int i = 0; i < losses.size(); i++) {
            GateTable.Row written = committed.table().rows().get(i);
            GateTable.Row measured = fit.table().rows().get(i);
            assertThat(written.threshold()).as("row %d", i).isEqualTo(measured.threshold());
            // written to 0.01 %, exact for 5,000 images
            assertThat(written.onDeviceShare()).isEqualTo(Math.round(measured.onDeviceShare() * 10_000) / 10_000.0);
            assertThat(written.measuredLoss()).isEqualTo(Math.round(measured.measuredLoss() * 10_000) / 10_000.0);
        }
        // the simulator's figures (docs/reproduction.md): 0.818531 for half a point, 1,888 of 10,000 sent
        assertThat(committed.table().forMaxLoss(0.005).threshold()).isEqualTo(0.818531);
        assertThat(committed.table().forMaxLoss(0.005).offloadShare()).isCloseTo(0.1888, org.assertj.core.data
                .Offset.offset(1e-9));
    }

    @Test
    void writingTheGateKeepsEveryOtherKeyAndTheFilesHashes() throws IOException {
        Path zoo = Committed.zooCopy(dir.resolve("zoo"));
        Path file = zoo.resolve(ZooManifest.FILE_NAME);
        String committed = Files.readString(file);
        // the manifest as it was before any gate: the model's entry ends with its training
        String withoutGate = committed.replaceAll("(?s),\n      \"gate\": \\{.*?\n      }\n    }", "\n    }");
        assertThat(withoutGate).doesNotContain("\"gate\"");
        Files.writeString(file, withoutGate);
        ZooManifest before = ZooManifest.read(zoo);
        assertThat(before.onDevice().orElseThrow().gate()).isEmpty();

        ZooManifest after = before.withGateWritten(committedGate());

        assertThat(file).content().isEqualTo(committed);
        after.verifyFiles();
        assertThat(after.onDevice().orElseThrow().gate()).contains(committedGate());
        // written again over itself, nothing changes
        after.withGateWritten(committedGate());
        assertThat(file).content().isEqualTo(committed);
    }

    @Test
    void aGateThatCannotHoldIsRefusedWithItsPlaceInTheFile() throws IOException {
        String committed = Files.readString(Committed.zoo().resolve(ZooManifest.FILE_NAME));
        Path zoo = Committed.zooCopy(dir.resolve("zoo"));
        Path file = zoo.resolve(ZooManifest.FILE_NAME);

        // a zoo derived from this one (a front end's members, say) keeps the model's calibration as it was made
        Files.writeString(file, committed.replace("\"on_device\": true", "\"on_device\": false"));
        assertThat(ZooManifest.read(zoo).model("mobilenet_w025_r16").orElseThrow().gate()).contains(committedGate());

        Files.writeString(file, committed.replace("\"reference\": \"resnet20_w32_tta10\"",
                "\"reference\": \"mobilenet_w025_r16\""));
        assertThatThrownBy(() -> ZooManifest.read(zoo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("against another model than itself");

        Files.writeString(file, committed.replace("\"measured_images\": [\n          5000",
                "\"measured_images\": [\n          4000"));
        assertThatThrownBy(() -> ZooManifest.read(zoo)).hasMessageContaining("measured on images it was not fit on");

        Files.writeString(file, committed.replace("\"on_device_share\": 0.6676", "\"on_device_share\": 0.9"));
        assertThatThrownBy(() -> ZooManifest.read(zoo)).hasMessageContaining("models[3].gate")
                .hasMessageContaining("keep fewer images on the device");

        Files.writeString(file, committed.replace("\"max_loss\": 0.0,", "\"max_los\": 0.0,"));
        assertThatThrownBy(() -> ZooManifest.read(zoo)).hasMessageContaining("max_los is not a known key");

        Files.writeString(file, committed.replace("\"score\": \"softmax_top\"", "\"score\": \"margin\""));
        assertThatThrownBy(() -> ZooManifest.read(zoo)).hasMessageContaining("score must be softmax_top");
    }
}
