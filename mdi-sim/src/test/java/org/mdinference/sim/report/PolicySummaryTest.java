package org.mdinference.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mdinference.sim.ResultRow;

class PolicySummaryTest {

    @Test
    void summarisesThePolicyOverItsSlas() {
        PolicySummary summary = PolicySummary.of("greedy", List.of(
                new ResultRow("wifi", "greedy", 100, 100, 0.5, 0.75, 0, 20, 30, 0.625,
                        Map.of("a", 60, "b", 40)),
                new ResultRow("wifi", "greedy", 200, 100, 0.75, 1, 0, 20, 30, 0.75, Map.of("a", 10, "b", 90))));

        assertThat(summary.meanAccuracy()).isEqualTo(0.625);
        assertThat(summary.meanFractionOfOracle()).isCloseTo(0.9, within(1e-12));
        assertThat(summary.minSlaAttainment()).isEqualTo(0.75);
        assertThat(summary.mostUsedModel()).contains("b");
        assertThat(summary.mostUsedShare()).isEqualTo(0.65);
    }

    @Test
    void hasNoMostUsedModelWithoutUsageAndNoOracleFractionWithoutAnOracle() {
        PolicySummary summary = PolicySummary.of("random",
                List.of(new ResultRow("wifi", "random", 100, 100, 0.5, 1, 0, 20, 30, 0, Map.of())));

        assertThat(summary.mostUsedModel()).isEqualTo(Optional.empty());
        assertThat(summary.meanFractionOfOracle()).isNaN();
    }
}
