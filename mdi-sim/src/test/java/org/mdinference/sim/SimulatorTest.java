package org.mdinference.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mdinference.core.Model;
import org.mdinference.core.Zoo;
import org.mdinference.sim.network.NetworkSpecs;
import org.mdinference.traces.Network;
import org.mdinference.traces.NetworkTimes;
import org.mdinference.traces.TransferSettings;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static final ZooTable PAPER = ZooTable.load("paper-gpu");
    private static final Model DEVICE = PAPER.zoo().model("mobilenet_v1_0.25_128").orElseThrow();
    private static final Zoo POOL = PAPER.zoo().without(DEVICE.name());
    private static final double[] SLAS = SlaRange.parse("20:400:20").points();

    private static List<ResultRow> sweep(String network, boolean duplication, Knowledge knowledge, long seed) {
        Simulator simulator = new Simulator(
                new SimulationSettings(POOL, Optional.of(DEVICE), duplication, knowledge, 2_000, seed));
        return simulator.sweep(NetworkSpecs.parse(network, TransferSettings.DEFAULTS), Simulator.ALL_POLICIES,
                SLAS, (n, d, t) -> { });
    }

    @Test
    void noPolicyIsMoreAccurateThanTheOracleOnTheSameRequests() {
        for (ResultRow row : sweep("paper:Home", true, Knowledge.ESTIMATED, 3)) {
            assertThat(row.aggregateAccuracy()).as("%s at %s ms", row.policy(), row.slaMs())
                    .isLessThanOrEqualTo(row.oracleAccuracy() + 1e-12);
        }
    }

    @Test
    void duplicationBoundsEveryAnswerByTheSlaOnceTheDeviceModelFits() {
        for (ResultRow row : sweep("paper:LTE SIM", true, Knowledge.ESTIMATED, 3)) {
            assertThat(row.slaAttainment()).as("%s at %s ms", row.policy(), row.slaMs()).isEqualTo(1.0);
            assertThat(row.p99LatencyMs()).isLessThanOrEqualTo(row.slaMs());
        }
    }

    @Test
    void withoutDuplicationTheCloudAlwaysAnswers() {
        for (ResultRow row : sweep("paper:Home", false, Knowledge.TRUE, 3)) {
            assertThat(row.onDeviceReliance()).isZero();
        }
    }

    @Test
    void mdinferenceBeatsTheStaticPoliciesWhereTheyDiffer() {
        Map<String, Double> meanAccuracy = sweep("paper:Campus", true, Knowledge.ESTIMATED, 3).stream()
                .collect(Collectors.groupingBy(ResultRow::policy, Collectors.averagingDouble(ResultRow::aggregateAccuracy)));
        assertThat(meanAccuracy.get("mdinference"))
                .isGreaterThan(meanAccuracy.get("static-accuracy"))
                .isGreaterThan(meanAccuracy.get("static-latency"))
                .isGreaterThan(meanAccuracy.get("random"));
    }

    @Test
    void theSameSeedReplaysTheSameSweep() {
        assertThat(sweep("gaussian:80:40", true, Knowledge.ESTIMATED, 5))
                .isEqualTo(sweep("gaussian:80:40", true, Knowledge.ESTIMATED, 5))
                .isNotEqualTo(sweep("gaussian:80:40", true, Knowledge.ESTIMATED, 6));
    }

    @Test
    void estimatedKnowledgeSeesTheUploadAndTheAverageOfEarlierReturns() {
        Network fixed = new Network() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public NetworkTimes sample(int requests, long seed) {
                return new NetworkTimes(new double[] {10, 20, 30}, new double[] {40, 80, 0});
            }
        };
        SimulationSettings settings = new SimulationSettings(POOL, Optional.empty(), false, Knowledge.ESTIMATED, 3, 1);

        Workload workload = Workload.draw(fixed, settings);

        // before any reply the return is taken to equal the upload; then 40, then 0.5*80 + 0.5*40
        assertThat(workload.believedReturnMs).containsExactly(10, 40, 60);
        assertThat(Workload.draw(fixed, new SimulationSettings(POOL, Optional.empty(), false, Knowledge.TRUE, 3, 1))
                .believedReturnMs).containsExactly(40, 80, 0);
    }

    @Test
    void modelUsageCountsEveryRequestOnce() {
        for (ResultRow row : sweep("paper:Home", true, Knowledge.ESTIMATED, 3)) {
            assertThat(row.modelUsage().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2_000);
            assertThat(row.modelUsage()).doesNotContainKey(DEVICE.name());
        }
    }

    @Test
    void duplicationWithoutADeviceModelIsRefused() {
        assertThatThrownBy(() -> new SimulationSettings(POOL, Optional.empty(), true, Knowledge.TRUE, 10, 1))
                .hasMessage("duplication needs an on-device model");
    }
}
