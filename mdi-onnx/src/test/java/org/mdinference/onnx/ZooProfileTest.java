package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.core.LatencyProfile;
import org.mdinference.core.Zoo;

class ZooProfileTest {

    @TempDir
    Path dir;

    private static ProfileRow row(String model, int batch, double mean, boolean onDevice) {
        return new ProfileRow(model, batch, 1, new LatencyStats(mean, mean / 10, mean, 2 * mean), 0.9, onDevice);
    }

    @Test
    void writesAndReadsEveryColumn() {
        ZooProfile profile = new ZooProfile(List.of(row("a", 1, 1.5, false), row("a", 2, 2.25, false),
                row("b", 1, 0.125, true)));
        Path file = dir.resolve("profile.csv");

        profile.write(file);

        assertThat(ZooProfile.read(file)).isEqualTo(profile);
        assertThat(file).content().isEqualTo("""
                model,batch,threads,latency_mean_ms,latency_std_ms,p50_ms,p99_ms,top1,on_device
                a,1,1,1.5000,0.1500,1.5000,3.0000,0.9000,false
                a,2,1,2.2500,0.2250,2.2500,4.5000,0.9000,false
                b,1,1,0.1250,0.0125,0.1250,0.2500,0.9000,true
                """);
    }

    @Test
    void theManifestGivesAccuracyAndTheBatchOneRowsLatency() {
        ZooManifest manifest = ZooManifest.read(Committed.zoo());
        ZooProfile profile = new ZooProfile(manifest.models().stream()
                .flatMap(m -> List.of(row(m.name(), 2, 9, false), row(m.name(), 1, 3, false)).stream())
                .toList());

        Zoo zoo = profile.toZoo(manifest);

        assertThat(zoo.size()).isEqualTo(manifest.models().size());
        assertThat(zoo.models()).allSatisfy(m -> assertThat(m.latency()).isEqualTo(new LatencyProfile(3, 0.3)));
        assertThat(zoo.models().get(0).accuracy()).isEqualTo(manifest.models().get(0).top1());
        assertThatThrownBy(() -> new ZooProfile(List.of()).toZoo(manifest))
                .hasMessageStartingWith("the profile has no batch-1 row for model " + manifest.models().get(0).name());
    }

    @Test
    void aForeignHeaderOrABadLineIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("profile.csv"), "model,top1_percent\n");
        assertThatThrownBy(() -> ZooProfile.read(file))
                .hasMessage(file + " must start with the header " + ZooProfile.HEADER
                        + ", but starts with model,top1_percent");

        Files.writeString(file, ZooProfile.HEADER + "\na,1,1,fast,0,1,1,0.5,false\n");
        assertThatThrownBy(() -> ZooProfile.read(file)).hasMessageStartingWith(file + " line 2: a cell is not a number");

        Files.writeString(file, ZooProfile.HEADER + "\na,1,1,1,0,1,1,0.5,maybe\n");
        assertThatThrownBy(() -> ZooProfile.read(file))
                .hasMessage(file + " line 2: on_device must be true or false, got 'maybe'");

        Files.writeString(file, ZooProfile.HEADER + "\na,1,1\n");
        assertThatThrownBy(() -> ZooProfile.read(file)).hasMessage(file + " line 2 has 3 cells, the header 9");

        assertThatThrownBy(() -> ZooProfile.read(dir.resolve("none.csv"))).hasMessageContaining("does not exist");
    }
}
