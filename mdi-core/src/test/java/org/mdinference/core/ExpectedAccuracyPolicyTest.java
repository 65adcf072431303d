package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpectedAccuracyPolicyTest {

    private static final Model BIG = new Model("big", 0.9, 100, 0);
    private static final Model SMALL = new Model("small", 0.7, 10, 0);
    private static final Zoo ZOO = new Zoo(List.of(BIG, SMALL));
    /** Fifteen returns of 20 ms in sixteen, one of 130 ms. */
    private static final TimeSpread MOSTLY_FAST = TimeSpread.of(20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20,
            20, 20, 20, 130);

    /** 150 ms for the run and the return: BIG arrives with the fast returns only, SMALL always. */
    private static Budget budget() {
        return new Budget(200, 50, 31.25, QueueWaits.NONE, MOSTLY_FAST);
    }

    private static ZooRequest request(Optional<Double> deviceAccuracy) {
        return new ZooRequest(200, 50, 31.25, 1, deviceAccuracy, MOSTLY_FAST);
    }

    @Test
    void theChanceOfArrivalCountsEveryReturnSeen() {
        assertThat(budget().arrivalChance(BIG)).isEqualTo(15.0 / 16);
        assertThat(budget().arrivalChance(SMALL)).isEqualTo(1.0);
        // with the point estimate alone, BIG's run leaves 18.75 ms more than the return needs: certain
        assertThat(new Budget(200, 50, 31.25).arrivalChance(BIG)).isEqualTo(1.0);
    }

    @Test
    void withAnAnswerOnTheDeviceALateCloudAnswerCostsTheDifference() {
        // BIG: 15/16 x 0.9 + 1/16 x 0.4 = 0.869 > SMALL's 0.7
        assertThat(new ExpectedAccuracyPolicy().select(ZOO, budget(), request(Optional.of(0.4)))).isSameAs(BIG);
        Model late = new Model("late", 0.9, 140, 0);
        Zoo risky = new Zoo(List.of(late, SMALL));
        // late leaves 10 ms for the return: it never arrives, and SMALL's certain 0.7 beats its 0.4
        assertThat(new ExpectedAccuracyPolicy().select(risky, budget(), request(Optional.of(0.4)))).isSameAs(SMALL);
    }

    @Test
    void withoutOneThePickMustReachTheTarget() {
        assertThat(new ExpectedAccuracyPolicy().select(ZOO, budget(), request(Optional.empty()))).isSameAs(SMALL);
        assertThat(new ExpectedAccuracyPolicy(0.9).select(ZOO, budget(), request(Optional.empty()))).isSameAs(BIG);
    }

    @Test
    void whenNoneReachesTheTargetTheLikeliestToArriveRuns() {
        Budget tight = new Budget(200, 150, 31.25, QueueWaits.NONE, MOSTLY_FAST);
        // 50 ms left: SMALL (10 ms) arrives after the fast returns, BIG never
        assertThat(tight.arrivalChance(SMALL)).isEqualTo(15.0 / 16);
        assertThat(new ExpectedAccuracyPolicy().select(ZOO, tight)).isSameAs(SMALL);
    }

    /** The early stop by accuracy never misses the best: checked against every candidate weighed. */
    @Test
    void picksTheMostExpectedAccuracyOfAll() {
        SplittableRandom random = new SplittableRandom(13);
        ExpectedAccuracyPolicy policy = new ExpectedAccuracyPolicy();
        for (int trial = 0; trial < 2000; trial++) {
            List<Model> models = new ArrayList<>();
            int size = 1 + random.nextInt(12);
            for (int m = 0; m < size; m++) {
                models.add(new Model("m" + m, 0.3 + 0.6 * random.nextDouble(), 1 + 150 * random.nextDouble(),
                        10 * random.nextDouble()));
            }
            Zoo zoo = new Zoo(models);
            double[] returns = new double[1 + random.nextInt(40)];
            for (int i = 0; i < returns.length; i++) {
                returns[i] = 5 + 200 * random.nextDouble() * random.nextDouble();
            }
            double device = 0.3 * random.nextDouble();
            Budget budget = new Budget(100 + 300 * random.nextDouble(), 100 * random.nextDouble(), 40,
                    QueueWaits.NONE, TimeSpread.of(returns));
            Model pick = policy.select(zoo, budget, new ZooRequest(budget.slaMs(), budget.elapsedMs(), 40, 1,
                    Optional.of(device), budget.returns()));
            double best = models.stream().mapToDouble(m -> expected(budget, m, device)).max().orElseThrow();
            assertThat(expected(budget, pick, device)).as("trial %d", trial).isCloseTo(best, within(1e-12));
        }
    }

    private static double expected(Budget budget, Model model, double device) {
        double chance = budget.arrivalChance(model);
        return chance * model.accuracy() + (1 - chance) * device;
    }
}
