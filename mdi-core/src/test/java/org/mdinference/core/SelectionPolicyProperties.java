package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

class SelectionPolicyProperties {

    @Provide
    Arbitrary<Zoo> zoos() {
        return Zoos.zoos();
    }

    @Provide
    Arbitrary<Double> gammas() {
        return Arbitraries.of(0.0, 0.5, 1.0, 2.0);
    }

    @Property
    void mdinferencePicksTheMostAccurateModelThatFitsElseTheFastest(
            @ForAll("zoos") Zoo zoo, @ForAll("gammas") double gamma,
            @ForAll @DoubleRange(min = 0, max = 800) double sla,
            @ForAll @DoubleRange(min = 0, max = 200) double upload) {
        Budget budget = Budget.assumingSymmetricReturn(sla, upload);
        Model chosen = new MDInferencePolicy(gamma).select(zoo, budget);

        List<Model> eligible = zoo.models().stream()
                .filter(m -> m.latency().meanMs() + gamma * m.latency().stdMs() < budget.remainingMs())
                .toList();
        if (eligible.isEmpty()) {
            assertThat(chosen.latency().meanMs())
                    .isEqualTo(zoo.models().stream().mapToDouble(m -> m.latency().meanMs()).min().orElseThrow());
        } else {
            assertThat(eligible).contains(chosen);
            assertThat(chosen.accuracy())
                    .isEqualTo(eligible.stream().mapToDouble(Model::accuracy).max().orElseThrow());
        }
    }

    @Property
    void mdinferenceHoldsItsChoiceToTheMarginItChoseBy(
            @ForAll("zoos") Zoo zoo, @ForAll("gammas") double gamma,
            @ForAll @DoubleRange(min = 0, max = 800) double sla,
            @ForAll @DoubleRange(min = 0, max = 200) double upload) {
        // with no queue, a choice fits its own run time exactly when some model fits with the margin; otherwise it
        // is the fastest fallback, which a server holds to its mean instead
        Budget budget = Budget.assumingSymmetricReturn(sla, upload);
        MDInferencePolicy policy = new MDInferencePolicy(gamma);
        boolean anyFits = zoo.models().stream()
                .anyMatch(m -> m.latency().meanMs() + gamma * m.latency().stdMs() < budget.remainingMs());
        assertThat(policy.runMs(policy.select(zoo, budget)) < budget.remainingMs()).isEqualTo(anyFits);
    }

    @Property
    void underLoadMdinferenceCountsEachModelsQueue(
            @ForAll("zoos") Zoo zoo, @ForAll @DoubleRange(min = 0, max = 800) double sla,
            @ForAll @DoubleRange(min = 0, max = 100) double upload,
            @ForAll @DoubleRange(min = 0, max = 300) double waitPerAccuracyPoint) {
        // the more accurate the model, the longer its queue, as when everyone asks for the best model
        QueueWaits waits = model -> waitPerAccuracyPoint * model.accuracy();
        Budget budget = new Budget(sla, upload, upload, waits);
        Model chosen = new MDInferencePolicy().select(zoo, budget);

        List<Model> eligible = zoo.models().stream()
                .filter(m -> m.latency().meanMs() + m.latency().stdMs() + waits.waitMs(m) < budget.remainingMs())
                .toList();
        if (eligible.isEmpty()) {
            assertThat(chosen.latency().meanMs() + waits.waitMs(chosen)).isEqualTo(zoo.models().stream()
                    .mapToDouble(m -> m.latency().meanMs() + waits.waitMs(m)).min().orElseThrow());
        } else {
            assertThat(chosen.accuracy())
                    .isEqualTo(eligible.stream().mapToDouble(Model::accuracy).max().orElseThrow());
        }
    }

    @Property
    void anUncertainQueueNeedsAWiderMargin(
            @ForAll("zoos") Zoo zoo, @ForAll @DoubleRange(min = 0, max = 800) double sla,
            @ForAll @DoubleRange(min = 0, max = 50) double wait,
            @ForAll @DoubleRange(min = 0, max = 50) double waitStd) {
        QueueWaits waits = new QueueWaits() {
            @Override
            public double waitMs(Model model) {
                return wait;
            }

            @Override
            public double waitStdMs(Model model) {
                return waitStd;
            }
        };
        Budget budget = new Budget(sla, 0, 0, waits);
        Model chosen = new MDInferencePolicy().select(zoo, budget);

        List<Model> eligible = zoo.models().stream()
                .filter(m -> m.latency().meanMs() + Math.hypot(m.latency().stdMs(), waitStd) + wait < sla)
                .toList();
        if (!eligible.isEmpty()) {
            assertThat(chosen.accuracy())
                    .isEqualTo(eligible.stream().mapToDouble(Model::accuracy).max().orElseThrow());
        }
        // a certain queue of the same mean never leaves less choice
        Model certain = new MDInferencePolicy().select(zoo, new Budget(sla, 0, 0, model -> wait));
        assertThat(certain.accuracy()).isGreaterThanOrEqualTo(eligible.isEmpty() ? 0 : chosen.accuracy());
    }

    @Property
    void moreBudgetNeverLowersTheChosenAccuracy(
            @ForAll("zoos") Zoo zoo, @ForAll("gammas") double gamma,
            @ForAll @DoubleRange(min = 0, max = 800) double sla,
            @ForAll @DoubleRange(min = 0, max = 400) double extra,
            @ForAll @DoubleRange(min = 0, max = 200) double upload) {
        MDInferencePolicy policy = new MDInferencePolicy(gamma);
        Model tight = policy.select(zoo, Budget.assumingSymmetricReturn(sla, upload));
        Model loose = policy.select(zoo, Budget.assumingSymmetricReturn(sla + extra, upload));
        // the fastest fallback can be more accurate than the least accurate model that fits a larger budget,
        // so the promise holds once some model fits
        boolean tightFits = tight.latency().meanMs() + gamma * tight.latency().stdMs()
                < Budget.assumingSymmetricReturn(sla, upload).remainingMs();
        if (tightFits) {
            assertThat(loose.accuracy()).isGreaterThanOrEqualTo(tight.accuracy());
        }
    }

    @Property
    void greedyIgnoresTheNetwork(@ForAll("zoos") Zoo zoo,
                                 @ForAll @DoubleRange(min = 0, max = 800) double sla,
                                 @ForAll @DoubleRange(min = 0, max = 400) double upload) {
        GreedyPolicy greedy = new GreedyPolicy();
        assertThat(greedy.select(zoo, Budget.assumingSymmetricReturn(sla, upload)))
                .isEqualTo(greedy.select(zoo, Budget.assumingSymmetricReturn(sla, 0)));
    }

    @Property
    void staticPoliciesChooseTheExtremes(@ForAll("zoos") Zoo zoo,
                                         @ForAll @DoubleRange(min = 0, max = 800) double sla) {
        Budget budget = Budget.assumingSymmetricReturn(sla, 10);
        Model accurate = new StaticAccuracyPolicy().select(zoo, budget);
        Model fast = new StaticLatencyPolicy().select(zoo, budget);
        assertThat(accurate.accuracy())
                .isEqualTo(zoo.models().stream().mapToDouble(Model::accuracy).max().orElseThrow());
        assertThat(fast.latency().meanMs())
                .isEqualTo(zoo.models().stream().map(Model::latency).min(
                        Comparator.comparingDouble(LatencyProfile::meanMs)).orElseThrow().meanMs());
    }
}
