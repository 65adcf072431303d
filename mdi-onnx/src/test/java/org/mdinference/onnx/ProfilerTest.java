package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilerTest {

    @TempDir
    Path dir;

    @Test
    void aTinyProfileOfTheWholeZooHasOneRowPerModelAndBatchSize() throws IOException {
        ZooManifest manifest = ZooManifest.read(Committed.zoo());
        List<String> progress = new ArrayList<>();
        ZooProfile profile;
        try (LoadedZoo zoo = LoadedZoo.load(manifest, 1)) {
            profile = new Profiler(new ProfileSettings(2, 2, Duration.ofSeconds(5)), System::nanoTime)
                    .profile(zoo, (unit, done, total) -> progress.add(unit + " " + done + "/" + total));
        }
        Path file = dir.resolve(ZooProfile.FILE_NAME);
        profile.write(file);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0))
                .isEqualTo("model,batch,threads,latency_mean_ms,latency_std_ms,p50_ms,p99_ms,top1,on_device");
        assertThat(lines).hasSize(1 + 2 * manifest.models().size());
        ModelEntry device = manifest.onDevice().orElseThrow();
        assertThat(lines).anyMatch(line -> line.startsWith(device.name() + ",2,1,") && line.endsWith(",true"));
        assertThat(progress).contains(device.name() + " 2/2");
        assertThat(ZooProfile.read(file).rows()).hasSize(2 * manifest.models().size());
        assertThat(profile.toZoo(manifest).models()).allSatisfy(model ->
                assertThat(model.accuracy()).isEqualTo(manifest.model(model.name()).orElseThrow().top1()));
    }

    @Test
    void aClockThatTicksOneMillisecondPerReadingGivesExactStatistics() {
        ZooManifest manifest = ZooManifest.read(Committed.zoo());
        AtomicLong now = new AtomicLong();
        try (LoadedZoo zoo = LoadedZoo.load(manifest, 1)) {
            OnnxModel model = zoo.models().get(0);
            List<ProfileRow> rows = new Profiler(new ProfileSettings(5, 4, Duration.ofHours(1)),
                    () -> now.addAndGet(1_000_000)).profile(model, Progress.NONE);

            assertThat(rows).extracting(ProfileRow::batch).containsExactly(1, 2, 4);
            assertThat(rows.get(2).latency()).isEqualTo(new LatencyStats(1, 0, 1, 1));
            assertThat(rows.get(2).perItemMs()).isEqualTo(0.25);
            assertThat(rows.get(0).top1()).isEqualTo(model.entry().top1());
        }
    }

    @Test
    void theTimeLimitStopsASlowBatchSizeAfterTheMinimumRuns() {
        ZooManifest manifest = ZooManifest.read(Committed.zoo());
        AtomicLong readings = new AtomicLong();
        try (LoadedZoo zoo = LoadedZoo.load(manifest, 1)) {
            new Profiler(new ProfileSettings(1000, 1, Duration.ofMillis(3)),
                    () -> readings.incrementAndGet() * 1_000_000).profile(zoo.models().get(0), Progress.NONE);
        }
        // one reading sets the deadline, then two per timed run
        assertThat(readings.get()).isEqualTo(1 + 2 * ProfileSettings.MIN_RUNS);
    }

    @Test
    void statisticsInterpolatePercentilesLikeNumpy() {
        double[] samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i;
        }

        LatencyStats stats = LatencyStats.of(samples);

        assertThat(stats.meanMs()).isEqualTo(50.5);
        assertThat(stats.p50Ms()).isEqualTo(50.5);
        assertThat(stats.p99Ms()).isEqualTo(99.01, within(1e-9));
        assertThat(stats.stdMs()).isEqualTo(Math.sqrt(841.6666666666666), within(1e-9));
        assertThat(LatencyStats.of(new double[] {2.5})).isEqualTo(new LatencyStats(2.5, 0, 2.5, 2.5));
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new ProfileSettings(0, 64, Duration.ofSeconds(1)))
                .hasMessage("runs must be at least 1, got 0");
        assertThatThrownBy(() -> new ProfileSettings(10, 48, Duration.ofSeconds(1)))
                .hasMessage("the largest batch must be a power of two from 1 to 1024, got 48");
        assertThat(new ProfileSettings(1, 64, Duration.ofSeconds(1)).batchSizes())
                .containsExactly(1, 2, 4, 8, 16, 32, 64);
    }
}
