package org.mdinference.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mdinference.core.ConfidenceGate;
import org.mdinference.core.Model;
import org.mdinference.core.Zoo;
import org.mdinference.sim.network.NetworkSpecs;
import org.mdinference.traces.Network;
import org.mdinference.traces.TransferSettings;

/** Requests drawn as images: answers scored image by image, the device and the cloud on the same image. */
class ImageSimulationTest {

    private static final Model DEVICE = new Model("d", 0.5, 1, 0.1);
    private static final Zoo POOL = new Zoo(List.of(new Model("a", 0.6, 10, 1), new Model("b", 0.9, 20, 1)));
    private static final Network CAMPUS = NetworkSpecs.parse("paper:Campus", TransferSettings.DEFAULTS);
    /** Every cloud answer in time; none in time, so every answer is the device's. */
    private static final double GENEROUS = 100_000;
    private static final double NONE = 0.001;

    /**
     * Ten images: a right on 0..5, b on 0..8, the device on 5..9, the very images where b is weakest; the device is
     * sure (0.9) exactly where it is right.
     */
    private static final ImageTruth TRUTH = truth();

    private static ImageTruth truth() {
        Map<String, ImageTruth.Answers> byModel = new LinkedHashMap<>();
        byModel.put("a", answers(0, 6, 0.5));
        byModel.put("b", answers(0, 9, 0.5));
        boolean[] deviceRight = new boolean[10];
        double[] deviceConfidence = new double[10];
        for (int i = 0; i < 10; i++) {
            deviceRight[i] = i >= 5;
            deviceConfidence[i] = i >= 5 ? 0.9 : 0.1;
        }
        byModel.put("d", new ImageTruth.Answers(deviceRight, deviceConfidence));
        return new ImageTruth(byModel);
    }

    private static ImageTruth.Answers answers(int from, int to, double confidence) {
        boolean[] right = new boolean[10];
        double[] confidences = new double[10];
        for (int i = 0; i < 10; i++) {
            right[i] = i >= from && i < to;
            confidences[i] = confidence;
        }
        return new ImageTruth.Answers(right, confidences);
    }

    private static SimulationSettings settings(int requests) {
        return new SimulationSettings(POOL, Optional.of(DEVICE), true, Knowledge.TRUE, requests, 1);
    }

    private static ResultRow only(List<ResultRow> rows) {
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void wholeRoundsOfImagesScoreExactlyTheModelsAccuracyOnThem() {
        Simulator simulator = new Simulator(settings(1000), ImageDraws.all(TRUTH));

        assertThat(only(simulator.sweep(CAMPUS, List.of("static-accuracy"), new double[] {GENEROUS}, (n, d, t) -> { }))
                .aggregateAccuracy()).isEqualTo(0.9);
        assertThat(only(simulator.sweep(CAMPUS, List.of("static-latency"), new double[] {GENEROUS}, (n, d, t) -> { }))
                .aggregateAccuracy()).isEqualTo(0.6);
        ResultRow late = only(simulator.sweep(CAMPUS, List.of("static-accuracy"), new double[] {NONE},
                (n, d, t) -> { }));
        assertThat(late.onDeviceReliance()).isEqualTo(1.0);
        assertThat(late.aggregateAccuracy()).isEqualTo(0.5);
    }

    /**
     * The gate sends the cloud exactly the images where the device is unsure, and those are the images b gets right:
     * only if the device's and the cloud's answers are about the same image is every answer right. Drawn apart, the
     * cloud would miss a tenth of what it is sent and the device half.
     */
    @Test
    void theGateAndTheCloudSeeTheSameImage() {
        Simulator simulator = new Simulator(settings(1000), ImageDraws.all(TRUTH));

        List<GateRow> rows = simulator.gatedSweep(CAMPUS, List.of("static-accuracy"), new double[] {GENEROUS},
                new ConfidenceGate(0.5), (n, d, t) -> { });

        assertThat(rows).extracting(GateRow::gate).containsExactly(false, true);
        GateRow off = rows.get(0);
        GateRow on = rows.get(1);
        assertThat(off.cloudRequests()).isEqualTo(1000);
        assertThat(off.row().aggregateAccuracy()).isEqualTo(0.9);
        assertThat(on.cloudRequests()).isEqualTo(500);
        assertThat(on.row().aggregateAccuracy()).isEqualTo(1.0);
        assertThat(on.row().onDeviceReliance()).isEqualTo(0.5);
        assertThat(on.row().modelUsage()).containsEntry("b", 500).containsEntry("a", 0);
    }

    @Test
    void theSecondHalfAloneIsDrawnForMeasuringAGateFitOnTheFirst() {
        Workload workload = Workload.draw(CAMPUS, settings(1000), Optional.of(ImageDraws.secondHalf(TRUTH)));

        int[] counts = new int[10];
        for (int image : workload.image) {
            counts[image]++;
        }
        assertThat(counts).containsExactly(0, 0, 0, 0, 0, 200, 200, 200, 200, 200);
        // a cut round still draws no image twice before every image once
        int[] cut = Workload.draw(CAMPUS, settings(7), Optional.of(ImageDraws.all(TRUTH))).image;
        assertThat(cut).doesNotHaveDuplicates();
    }

    /** Images change what is right and nothing else: every time and every choice stays that of the same seed. */
    @Test
    void drawingImagesLeavesEveryOtherDrawAsItWas() {
        double[] slas = {50, 150, 300};
        List<String> policies = List.of("mdinference", "random", Simulator.ORACLE);
        List<ResultRow> plain = new Simulator(settings(2000)).sweep(CAMPUS, policies, slas, (n, d, t) -> { });
        List<ResultRow> imaged = new Simulator(settings(2000), ImageDraws.all(TRUTH))
                .sweep(CAMPUS, policies, slas, (n, d, t) -> { });

        assertThat(imaged).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            ResultRow p = plain.get(i);
            ResultRow m = imaged.get(i);
            assertThat(List.of(m.slaAttainment(), m.onDeviceReliance(), m.meanLatencyMs(), m.p99LatencyMs()))
                    .isEqualTo(List.of(p.slaAttainment(), p.onDeviceReliance(), p.meanLatencyMs(), p.p99LatencyMs()));
            assertThat(m.modelUsage()).isEqualTo(p.modelUsage());
        }
    }

    @Test
    void aTruthWithoutTheSimulatedModelsIsRefusedByName() {
        Map<String, ImageTruth.Answers> onlyA = Map.of("a", answers(0, 6, 0.5));
        assertThatThrownBy(() -> new Simulator(settings(10), ImageDraws.all(new ImageTruth(onlyA))))
                .hasMessageContainingAll("no answers of model b", "[a]");
        assertThatThrownBy(() -> new Simulator(settings(10)).gatedSweep(CAMPUS, List.of("mdinference"),
                new double[] {100}, ConfidenceGate.NEVER, (n, d, t) -> { }))
                .hasMessageContaining("drawn as images");
        assertThatThrownBy(() -> new ImageDraws(TRUTH, 5, 5)).hasMessageContaining("5..5");
    }
}
