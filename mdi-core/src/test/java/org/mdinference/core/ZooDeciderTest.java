package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZooDeciderTest {

    private static final Zoo ZOO = new Zoo(List.of(new Model("fast", 0.6, 1, 0.1), new Model("slow", 0.9, 10, 1)));
    private static final QueueWaits SLOW_IS_BUSY = model -> model.name().equals("slow") ? 15 : 0;

    /** sla less 5 ms each way: a budget of sla - 10. */
    private static Decision decide(String policy, double slaMs, double spentMs, QueueWaits waits) {
        return new ZooDecider(Policies.create(policy, 1), ZooBatching.SINGLE_ITEMS)
                .decide(ZOO, ZooRequest.single(slaMs, 5, 5), spentMs, waits);
    }

    private static Decision decide(double slaMs) {
        return decide("mdinference", slaMs, 0, QueueWaits.NONE);
    }

    private static Decision decide(ZooRequest request, ZooBatching batching) {
        return new ZooDecider(new MDInferencePolicy(), batching).decide(ZOO, request, 0, QueueWaits.NONE);
    }

    @Test
    void withoutQueuesTheMostAccurateModelThatFitsRuns() {
        Decision decision = decide(30);
        assertThat(decision).isInstanceOf(Decision.Run.class);
        assertThat(decision.model()).isSameAs(ZOO.model("slow").orElseThrow());
        assertThat(decision.policy()).isEqualTo("mdinference");
        assertThat(decision.budgetMs()).isEqualTo(20.0);
    }

    @Test
    void underLoadMDInferenceMovesToAFasterModel() {
        Decision.Run run = (Decision.Run) decide("mdinference", 30, 0, SLOW_IS_BUSY);
        assertThat(run.model().name()).isEqualTo("fast");
        assertThat(run.expectedQueueMs()).isZero();
    }

    @Test
    void aPolicyThatIgnoresTheQueueIsStoppedBeforeItMissesTheDeadline() {
        Decision.NoModelFits none = (Decision.NoModelFits) decide("static-accuracy", 30, 0, SLOW_IS_BUSY);
        assertThat(none.model().name()).isEqualTo("slow");
        assertThat(none.expectedQueueMs()).isEqualTo(15.0);
        assertThat(none.expectedFinishMs()).isEqualTo(25.0);
    }

    @Test
    void timeTheServerAlreadySpentLeavesLessForTheModelButTheBudgetReportedIsTheRequests() {
        // slow needs 10 + 1 sigma < 20 - spent: it fits after 8 ms of reading and decoding, not after 10
        assertThat(decide("mdinference", 30, 8, QueueWaits.NONE).model().name()).isEqualTo("slow");
        Decision.Run late = (Decision.Run) decide("mdinference", 30, 10, QueueWaits.NONE);
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
        assertThat(decide("mdinference", 30, 0, uncertain::waitMs).model().name()).isEqualTo("slow");
        assertThat(decide("mdinference", 30, 0, uncertain).model().name()).isEqualTo("fast");
    }

    @Test
    void aDeviceAsGoodAsAMemberRulesThatMemberOutForEveryPolicy() {
        // 6 ms left: only fast fits, but it is no better than the device's own 0.6
        Optional<Double> device = Optional.of(0.6);
        for (String policy : List.of("mdinference", "static-latency")) {
            Decision none = new ZooDecider(Policies.create(policy, 1), ZooBatching.SINGLE_ITEMS)
                    .decide(ZOO, new ZooRequest(16, 5, 5, 1, device), 0, QueueWaits.NONE);
            assertThat(none).as(policy).isInstanceOf(Decision.NoModelFits.class);
        }
        // with time for slow, it runs; a device better than every member leaves nothing to ask
        ZooBatching single = ZooBatching.SINGLE_ITEMS;
        assertThat(decide(new ZooRequest(30, 5, 5, 1, device), single).model().name()).isEqualTo("slow");
        Decision.NoModelFits none = (Decision.NoModelFits) decide(new ZooRequest(300, 5, 5, 1, Optional.of(0.95)),
                single);
        assertThat(none.model().name()).isEqualTo("slow");
        assertThat(none.expectedFinishMs()).isEqualTo(10.0);
    }

    @Test
    void theLatestStartLeavesTheRunItsPolicysMargin() {
        // slow: 10 +- 1 ms of a 20 ms budget; MDInference (gamma 1) must start it by 9 ms, greedy by 10
        assertThat(((Decision.Run) decide(30)).latestStartMs()).isCloseTo(9.0, within(1e-9));
        assertThat(((Decision.Run) decide("greedy", 30, 0, QueueWaits.NONE)).latestStartMs()).isEqualTo(10.0);
    }

    @Test
    void aFallbackThatFitsOnlyOnItsMeanIsHeldToItsMean() {
        // 1.05 ms of budget: fast (1 +- 0.1) does not fit with MDInference's margin, but it is the fastest and its
        // mean fits, so it runs, and must start by 1.05 - 1, not by a time already past when it is decided
        Decision.Run fallback = (Decision.Run) decide(11.05);
        assertThat(fallback.model().name()).isEqualTo("fast");
        assertThat(fallback.latestStartMs()).isCloseTo(0.05, within(1e-9));
    }

    /** fast: 1 ms alone, 4 ms for 16; slow: 10 ms alone, 160 for 16; both take up to 32 items. */
    private static final ZooBatching BATCHES = new ZooBatching(Map.of(
            "fast", new ZooBatching.Member(new BatchCosts(Map.of(1, 1.0, 16, 4.0)), 32),
            "slow", new ZooBatching.Member(new BatchCosts(Map.of(1, 10.0, 16, 160.0)), 32)));

    @Test
    void aRequestOfSixteenItemsIsBudgetedAsABatchOfSixteen() {
        // alone slow fits 20 ms (10 + 1 < 20); sixteen items on slow take 160 +- 16, on fast 4 +- 0.4
        assertThat(decide(ZooRequest.single(30, 5, 5), BATCHES).model().name()).isEqualTo("slow");
        Decision.Run run = (Decision.Run) decide(new ZooRequest(30, 5, 5, 16, Optional.empty()), BATCHES);
        assertThat(run.model().name()).isEqualTo("fast");
        assertThat(run.model().latency().meanMs()).isCloseTo(4.0, within(1e-9));
        assertThat(run.model().latency().stdMs()).isCloseTo(0.4, within(1e-9));
        assertThat(run.latestStartMs()).isCloseTo(20 - 4.4, within(1e-9));
        // a policy that insists on slow is refused with slow's batch-of-sixteen time, not its time alone
        Decision.NoModelFits none = (Decision.NoModelFits) new ZooDecider(new StaticAccuracyPolicy(), BATCHES)
                .decide(ZOO, new ZooRequest(30, 5, 5, 16, Optional.empty()), 0, QueueWaits.NONE);
        assertThat(none.model().name()).isEqualTo("slow");
        assertThat(none.expectedFinishMs()).isCloseTo(160.0, within(1e-9));
    }

    @Test
    void theQueueWaitIsAskedForTheRequestsItems() {
        QueueWaits bySize = new QueueWaits() {
            @Override
            public double waitMs(Model model) {
                return 0;
            }

            @Override
            public QueueWaits forItems(int items) {
                return model -> items;
            }
        };
        Decision.Run run = (Decision.Run) new ZooDecider(new GreedyPolicy(), BATCHES)
                .decide(ZOO, new ZooRequest(30, 5, 5, 16, Optional.empty()), 0, bySize);
        assertThat(run.expectedQueueMs()).isEqualTo(16.0);
        // greedy takes fast (16 + 4 <= 20) and holds it to its mean: it must start by 20 - 4
        assertThat(run.model().name()).isEqualTo("fast");
        assertThat(run.latestStartMs()).isCloseTo(16.0, within(1e-9));
    }

    @Test
    void aMemberWhoseMaxBatchIsSmallerThanTheRequestIsNotEligible() {
        ZooBatching slowTakesEight = new ZooBatching(Map.of(
                "fast", new ZooBatching.Member(BatchCosts.linear(1), 4),
                "slow", new ZooBatching.Member(new BatchCosts(Map.of(1, 10.0, 16, 40.0)), 8)));
        // 16 items on slow would take 40 +- 4 ms of 1000, but slow takes at most 8, and fast at most 4
        Decision.NoModelFits none = (Decision.NoModelFits) decide(new ZooRequest(1010, 5, 5, 16, Optional.empty()),
                slowTakesEight);
        assertThat(none.model().name()).isEqualTo("slow");
        assertThat(none.expectedFinishMs()).isCloseTo(40.0, within(1e-9));
        assertThat(decide(new ZooRequest(1010, 5, 5, 8, Optional.empty()), slowTakesEight).model().name())
                .isEqualTo("slow");
        assertThat(decide(new ZooRequest(1010, 5, 5, 2, Optional.empty()), ZooBatching.SINGLE_ITEMS))
                .isInstanceOf(Decision.NoModelFits.class);
    }

    @Test
    void theRequestOfTheIssueNoLongerGoesToTheModelThatTakes364Ms() {
        // the committed zoo's two most accurate members as zoo/fashion/profile.csv measured them
        Zoo fashion = new Zoo(List.of(new Model("resnet20_w32", 0.9352, 2.3585, 0.1873),
                new Model("resnet20_w32_tta10", 0.9382, 22.0213, 0.5824)));
        ZooBatching measured = new ZooBatching(Map.of(
                "resnet20_w32", new ZooBatching.Member(new BatchCosts(Map.of(1, 2.3585, 16, 34.6445)), 32),
                "resnet20_w32_tta10", new ZooBatching.Member(new BatchCosts(Map.of(1, 22.0213, 16, 364.2425)), 32)));
        Decision.Run run = (Decision.Run) new ZooDecider(new MDInferencePolicy(2), measured)
                .decide(fashion, new ZooRequest(60, 0, 0, 16, Optional.empty()), 0, QueueWaits.NONE);
        // 34.6445 + 2 * 0.1873 * 34.6445 / 2.3585 = 40.147 < 60; tta10 alone (23.2) would have fit
        assertThat(run.model().name()).isEqualTo("resnet20_w32");
        assertThat(run.latestStartMs()).isCloseTo(60 - 34.6445 * (1 + 2 * 0.1873 / 2.3585), within(1e-9));
    }
}
