package org.mdinference.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadtestRecorderTest {

    private static LoadtestRecorder.Reply served(double latencyMs, double serverMs, int batch) {
        return new LoadtestRecorder.Reply(200, latencyMs, "m", false, true, true, true, serverMs, 0.25, 1.5, batch);
    }

    @Test
    void percentilesAreTheSamplesToThreeSignificantDigits() {
        LoadtestRecorder recorder = new LoadtestRecorder();
        for (int i = 1; i <= 1000; i++) {
            recorder.record(served(i / 10.0, i / 100.0, i % 2 == 0 ? 4 : 2));
        }

        LoadtestRecorder.Snapshot snapshot = recorder.snapshot();
        // nearest rank: the 500th of 0.1..100 ms is 50 ms, the 990th 99 ms; HdrHistogram keeps 3 digits, 0.1 %
        assertThat(snapshot.percentileMs(0.5)).isCloseTo(50.0, within(0.05));
        assertThat(snapshot.percentileMs(0.99)).isCloseTo(99.0, within(0.1));
        assertThat(snapshot.percentileMs(1.0)).isCloseTo(100.0, within(0.1));
        assertThat(snapshot.serverMs().percentile(0.5)).isCloseTo(5.0, within(0.005));
        assertThat(snapshot.queueMs().percentile(0.99)).isEqualTo(0.25);
        assertThat(snapshot.inferenceMs().percentile(0.5)).isEqualTo(1.5);
        assertThat(snapshot.batchSizes().mean()).isCloseTo(3.0, within(0.003));
        assertThat(snapshot.ok()).isEqualTo(1000);
        assertThat(snapshot.models()).isEqualTo(Map.of("m", 1000L));
    }

    @Test
    void failuresCountButHaveNoLatencyAndMissingTimingsAreLeftOut() {
        LoadtestRecorder recorder = new LoadtestRecorder();
        recorder.record(LoadtestRecorder.Reply.failed(503, 2));
        recorder.failed();
        recorder.record(served(3, Double.NaN, 1));

        LoadtestRecorder.Snapshot snapshot = recorder.snapshot();
        assertThat(snapshot.errors()).isEqualTo(2);
        assertThat(snapshot.statuses()).isEqualTo(Map.of(0, 1L, 200, 1L, 503, 1L));
        assertThat(snapshot.latenciesMs().count()).isEqualTo(1);
        assertThat(snapshot.percentileMs(0.5)).isCloseTo(3.0, within(0.003));
        assertThat(snapshot.serverMs().count()).isZero();
        assertThat(snapshot.serverMs().percentile(0.5)).isNaN();
        assertThat(new LoadtestRecorder().snapshot().percentileMs(0.99)).isNaN();
    }

    @Test
    void aSnapshotDoesNotMoveWithLaterReplies() {
        LoadtestRecorder recorder = new LoadtestRecorder();
        recorder.record(served(1, 1, 1));
        LoadtestRecorder.Snapshot before = recorder.snapshot();
        recorder.record(served(1000, 1, 1));

        assertThat(before.latenciesMs().count()).isEqualTo(1);
        assertThat(before.percentileMs(1.0)).isEqualTo(1.0);
    }
}
