package org.mdinference.server.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mdinference.core.BatchCosts;
import org.mdinference.core.Decision;
import org.mdinference.core.Model;
import org.mdinference.core.Policies;
import org.mdinference.core.QueueWaits;
import org.mdinference.core.Zoo;
import org.mdinference.core.ZooBatching;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.server.scheduling.LiveProfiles;
import org.junit.jupiter.api.Test;

/** The adapter only: the decision itself is core's, tested in ZooDeciderTest. */
class ZooRouterTest {

    private static final Zoo ZOO = new Zoo(List.of(new Model("fast", 0.6, 1, 0.1), new Model("slow", 0.9, 10, 1)));
    private static final BatchCosts FAST = new BatchCosts(Map.of(1, 1.0, 16, 4.0));
    private static final BatchCosts SLOW = new BatchCosts(Map.of(1, 10.0, 16, 160.0));
    private static final LiveProfiles PROFILES = new LiveProfiles(ZOO, Map.of("fast", FAST, "slow", SLOW));
    private static final ZooRouter ROUTER = new ZooRouter(PROFILES, new ZooBatching(Map.of(
            "fast", new ZooBatching.Member(FAST, 32), "slow", new ZooBatching.Member(SLOW, 32))),
            model -> model.name().equals("slow") ? 15 : 0, "mdinference", 1, 1);

    /** A router without queues, its default policy this one. */
    private static ZooRouter idle(String policy) {
        return new ZooRouter(PROFILES, new ZooBatching(Map.of(
                "fast", new ZooBatching.Member(FAST, 32), "slow", new ZooBatching.Member(SLOW, 32))),
                QueueWaits.NONE, policy, 1, 1);
    }

    private static Decision decide(String policy, int items) {
        RequestParameters parameters = RequestParameters.of(30).withElapsedMs(5).withReturnMs(5);
        return ROUTER.decide(policy == null ? parameters : parameters.withPolicy(policy), items, 0, name -> true)
                .decision();
    }

    @Test
    void theRequestsPolicyDecidesWithTheServersQueues() {
        // slow's queue of 15 ms leaves it 5 of 20: MDInference moves to fast, static-accuracy is refused
        assertThat(decide(null, 1).model().name()).isEqualTo("fast");
        assertThat(decide(null, 1).policy()).isEqualTo("mdinference");
        Decision refused = decide("static-accuracy", 1);
        assertThat(refused).isInstanceOf(Decision.NoModelFits.class);
        assertThat(refused.policy()).isEqualTo("static-accuracy");
        assertThat(refused.expectedQueueMs()).isEqualTo(15.0);
    }

    @Test
    void onlyTheUsableMembersAreChosenAndNoneLeftMeansNoModelFits() {
        RequestParameters parameters = RequestParameters.of(100);
        ZooRouter idle = idle("mdinference");

        assertThat(idle.decide(parameters, 1, 0, name -> true).decision().model().name()).isEqualTo("slow");
        assertThat(idle.decide(parameters, 1, 0, name -> !name.equals("slow")).decision().model().name()).isEqualTo("fast");
        assertThat(idle.decide(parameters, 1, 0, name -> false).decision()).isInstanceOf(Decision.NoModelFits.class);
    }

    @Test
    void theRequestsItemsAreDecidedAsOneBatch() {
        // without a queue slow fits 20 ms alone (10 + 1), but sixteen items on it take 160
        ZooRouter idle = idle("greedy");
        RequestParameters parameters = RequestParameters.of(30).withElapsedMs(5).withReturnMs(5);
        assertThat(idle.decide(parameters, 1, 0, name -> true).decision().model().name()).isEqualTo("slow");
        assertThat(idle.decide(parameters, 16, 0, name -> true).decision().model().name()).isEqualTo("fast");
        assertThat(idle.decide(parameters, 16, 0, name -> true).decision().model().latency().meanMs()).isEqualTo(4.0);
    }

    @Test
    void theReturnTripsTheDeviceReportsReachExpectedAccuracy() {
        ZooRouter idle = idle("expected-accuracy");
        RequestParameters point = RequestParameters.of(30).withElapsedMs(5).withReturnMs(5);
        // a return of 5 ms leaves slow (10 ms) its run: certain to arrive
        assertThat(idle.decide(point, 1, 0, name -> true).decision().model().name()).isEqualTo("slow");
        // one return in four takes 20 ms: slow then arrives 3 times in 4, fast (1 ms) always
        RequestParameters spread = point.withReturnQuantilesMs(5, 5, 5, 20);
        assertThat(idle.decide(spread, 1, 0, name -> true).decision().model().name()).as("0.99 needed").isEqualTo("fast");
        // with the device's 0.3 behind it, slow's 0.75 x 0.9 + 0.25 x 0.3 beats fast's 0.6
        assertThat(idle.decide(spread.withMinAccuracy(0.3), 1, 0, name -> true).decision().model().name()).isEqualTo("slow");
    }

    /**
     * A router whose profiles have seen slow run alone 8 times in 30 ms, then 24 in 10 (its mean back at 10), and
     * as a batch of 16 24 times in 150 ms and 8 in 190.
     */
    private static ZooRouter watched(Map<String, Double> shadows) {
        LiveProfiles profiles = new LiveProfiles(ZOO, Map.of("fast", FAST, "slow", SLOW), () -> 0L);
        for (int run = 0; run < 32; run++) {
            profiles.batchRan("slow", 16, run < 24 ? 150 : 190, 0);
        }
        for (int run = 0; run < 32; run++) {
            profiles.batchRan("slow", 1, run < 8 ? 30 : 10, 0);
        }
        return new ZooRouter(profiles, new ZooBatching(Map.of(
                "fast", new ZooBatching.Member(FAST, 32), "slow", new ZooBatching.Member(SLOW, 32))),
                QueueWaits.NONE, "static-accuracy", 1, 1, shadows::put);
    }

    @Test
    void theRunsSeenAtTheRequestsBatchSizeAreItsChanceOfArrival() {
        ZooRouter router = watched(new HashMap<>());
        // 20 ms for slow's run: the 24 runs of 10 ms in 32 fit, whatever a normal of their mean and deviation says
        ZooChoice alone = router.decide(RequestParameters.of(30).withElapsedMs(5).withReturnMs(5), 1, 0,
                name -> true);
        assertThat(alone.decision().model().name()).isEqualTo("slow");
        assertThat(alone.arrivalChance()).isEqualTo(0.75);
        assertThat(alone.expectedAccuracy()).isCloseTo(0.75 * 0.9, within(1e-12));
        // 170 ms for sixteen items: the batches of 16 seen, 150 ms three times in four, not sixteen lone runs
        ZooChoice sixteen = router.decide(RequestParameters.of(180).withElapsedMs(5).withReturnMs(5)
                .withMinAccuracy(0.5), 16, 0, name -> true);
        assertThat(sixteen.decision()).isInstanceOf(Decision.Run.class);
        assertThat(sixteen.arrivalChance()).isEqualTo(0.75);
        assertThat(sixteen.expectedAccuracy()).isCloseTo(0.75 * 0.9 + 0.25 * 0.5, within(1e-12));
    }

    @Test
    void everyPolicyDecidesTheSameRequestInShadow() {
        Map<String, Double> shadows = new HashMap<>();
        ZooRouter router = watched(shadows);
        ZooChoice choice = router.decide(RequestParameters.of(30).withElapsedMs(5).withReturnMs(5), 1, 0,
                name -> true);
        router.shadow(choice);

        assertThat(shadows).containsOnlyKeys(Policies.NAMES);
        assertThat(shadows.get("static-accuracy")).isCloseTo(0.75 * 0.9, within(1e-12));
        assertThat(shadows.get("static-latency")).isEqualTo(0.6);
        ZooChoice none = router.decide(RequestParameters.of(30).withElapsedMs(15).withReturnMs(15), 1, 0,
                name -> true);
        router.shadow(none);
        assertThat(shadows).containsOnlyKeys(Policies.NAMES).allSatisfy((policy, accuracy) ->
                assertThat(accuracy).as(policy).isZero());
    }

    @Test
    void anUnknownPolicyIsRefused() {
        // a request's policy is checked as it is read (InferenceService answers 400); here it is a caller's mistake
        assertThatThrownBy(() -> decide("oracle", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown policy");
    }
}
