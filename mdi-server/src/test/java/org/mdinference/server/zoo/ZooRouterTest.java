package org.mdinference.server.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mdinference.core.Model;
import org.mdinference.core.QueueWaits;
import org.mdinference.core.Zoo;
import org.mdinference.server.scheduling.BatchCosts;
import org.mdinference.server.scheduling.LiveProfiles;
import org.junit.jupiter.api.Test;

class ZooRouterTest {

    private static final Zoo ZOO = new Zoo(List.of(new Model("fast", 0.6, 1, 0.1), new Model("slow", 0.9, 10, 1)));
    private static final LiveProfiles PROFILES = new LiveProfiles(ZOO,
            Map.of("fast", BatchCosts.linear(1), "slow", BatchCosts.linear(10)));

    private static Decision decide(QueueWaits waits, String policy, double slaMs) {
        return decide(waits, policy, slaMs, 0);
    }

    private static Decision decide(QueueWaits waits, String policy, double slaMs, double spentMs) {
        return new ZooRouter(PROFILES, waits, "mdinference", 1, 1)
                .decide(new ZooParameters(slaMs, 5, 5, Optional.ofNullable(policy), Optional.empty()), spentMs);
    }

    private static Decision decide(ZooParameters parameters) {
        return new ZooRouter(PROFILES, QueueWaits.NONE, "mdinference", 1, 1).decide(parameters, 0);
    }

    @Test
    void withoutQueuesTheMostAccurateModelThatFitsRuns() {
        Decision decision = decide(QueueWaits.NONE, null, 30);
        assertThat(decision).isInstanceOf(Decision.Run.class);
        assertThat(((Decision.Run) decision).model().name()).isEqualTo("slow");
        assertThat(decision.budgetMs()).isEqualTo(20.0);
    }

    @Test
    void underLoadMDInferenceMovesToAFasterModel() {
        QueueWaits slowIsBusy = model -> model.name().equals("slow") ? 15 : 0;
        Decision.Run run = (Decision.Run) decide(slowIsBusy, null, 30);
        assertThat(run.model().name()).isEqualTo("fast");
        assertThat(run.expectedQueueMs()).isZero();
    }

    @Test
    void aPolicyThatIgnoresTheQueueIsStoppedBeforeItMissesTheDeadline() {
        QueueWaits slowIsBusy = model -> model.name().equals("slow") ? 15 : 0;
        Decision decision = decide(slowIsBusy, "static-accuracy", 30);
        assertThat(decision).isInstanceOf(Decision.NoModelFits.class);
        Decision.NoModelFits none = (Decision.NoModelFits) decision;
        assertThat(none.closest().name()).isEqualTo("slow");
        assertThat(none.expectedFinishMs()).isEqualTo(25.0);
    }

    @Test
    void timeTheServerAlreadySpentLeavesLessForTheModelButTheBudgetReportedIsTheRequests() {
        // slow needs 10 + 1 sigma < 20 - spent: it fits after 8 ms of reading and decoding, not after 10
        assertThat(((Decision.Run) decide(QueueWaits.NONE, null, 30, 8)).model().name()).isEqualTo("slow");
        Decision.Run late = (Decision.Run) decide(QueueWaits.NONE, null, 30, 10);
        assertThat(late.model().name()).isEqualTo("fast");
        assertThat(late.budgetMs()).isEqualTo(20.0);
    }

    @Test
    void anUncertainQueueMovesMDInferenceToAModelWithAMargin() {
        QueueWaits uncertain = new QueueWaits() {
            @Override
            public double waitMs(Model model) {
                return model.name().equals("slow") ? 5 : 0;
            }

            @Override
            public double waitStdMs(Model model) {
                return model.name().equals("slow") ? 5 : 0;
            }
        };
        // certain: 5 + 10 + 1 < 20; uncertain: 5 + 10 + hypot(1, 5) > 20
        assertThat(((Decision.Run) decide(model -> uncertain.waitMs(model), null, 30)).model().name())
                .isEqualTo("slow");
        assertThat(((Decision.Run) decide(uncertain, null, 30)).model().name()).isEqualTo("fast");
    }

    @Test
    void aDeviceAsGoodAsAMemberRulesThatMemberOutForEveryPolicy() {
        // 6 ms left: only fast fits, but it is no better than the device's own 0.6
        Decision none = decide(new ZooParameters(16, 5, 5, Optional.empty(), Optional.of(0.6)));
        assertThat(none).isInstanceOf(Decision.NoModelFits.class);
        assertThat(decide(new ZooParameters(16, 5, 5, Optional.of("static-latency"), Optional.of(0.6))))
                .isInstanceOf(Decision.NoModelFits.class);
        // with time for slow, it runs; a device better than every member leaves nothing to ask
        Decision.Run run = (Decision.Run) decide(new ZooParameters(30, 5, 5, Optional.empty(), Optional.of(0.6)));
        assertThat(run.model().name()).isEqualTo("slow");
        assertThat(decide(new ZooParameters(300, 5, 5, Optional.empty(), Optional.of(0.95))))
                .isInstanceOf(Decision.NoModelFits.class);
    }

    @Test
    void theLatestStartLeavesTheRunItsPolicysMargin() {
        // slow: 10 +- 1 ms of a 20 ms budget; MDInference (gamma 1) must start it by 9 ms, greedy by 10
        assertThat(((Decision.Run) decide(QueueWaits.NONE, null, 30)).latestStartMs()).isCloseTo(9.0, within(1e-9));
        assertThat(((Decision.Run) decide(QueueWaits.NONE, "greedy", 30)).latestStartMs()).isEqualTo(10.0);
    }

    @Test
    void aFallbackThatFitsOnlyOnItsMeanIsHeldToItsMean() {
        // 1.05 ms of budget: fast (1 +- 0.1) does not fit with MDInference's margin, but it is the fastest and its
        // mean fits, so it runs, and must start by 1.05 - 1, not by a time already past when it is decided
        Decision.Run fallback = (Decision.Run) decide(QueueWaits.NONE, null, 11.05);
        assertThat(fallback.model().name()).isEqualTo("fast");
        assertThat(fallback.latestStartMs()).isCloseTo(0.05, within(1e-9));
    }

    @Test
    void anUnknownPolicyIsABadRequest() {
        assertThatThrownBy(() -> decide(QueueWaits.NONE, "oracle", 30)).hasMessageContaining("unknown policy");
    }
}
