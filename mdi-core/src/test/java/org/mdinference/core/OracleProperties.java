package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

class OracleProperties {

    @Provide
    Arbitrary<Zoo> zoos() {
        return Zoos.zoos();
    }

    @Provide
    Arbitrary<SelectionPolicy> policies() {
        return Arbitraries.longs().flatMap(seed -> Arbitraries.of(Policies.NAMES).map(n -> Policies.create(n, seed)));
    }

    /**
     * On the same request, no policy delivers a more accurate answer within the SLA than the oracle, with or
     * without duplication. The device model is the least accurate, as in the paper (a late answer counts 0).
     */
    @Property
    void noPolicyBeatsTheOracleOnTheSameRequest(
            @ForAll("zoos") Zoo zoo, @ForAll("policies") SelectionPolicy policy,
            @ForAll @DoubleRange(min = 1, max = 800) double sla,
            @ForAll @DoubleRange(min = 0, max = 300) double upload,
            @ForAll @DoubleRange(min = 0, max = 300) double back,
            @ForAll @DoubleRange(min = 0.1, max = 60) double deviceMs,
            @ForAll @LongRange(min = 0, max = 1000) long drawSeed,
            @ForAll boolean duplication) {
        double[] inference = new double[zoo.size()];
        java.util.SplittableRandom random = new java.util.SplittableRandom(drawSeed);
        for (int i = 0; i < inference.length; i++) {
            LatencyProfile p = zoo.models().get(i).latency();
            inference[i] = Math.max(0.01, p.meanMs() + p.stdMs() * (random.nextDouble() * 2 - 1));
        }
        double deviceAccuracy = 0.1;
        Budget budget = new Budget(sla, upload, back);

        int oracle = Oracle.select(zoo, sla, upload + back, inference);
        int chosen = zoo.indexOf(policy.select(zoo, budget));

        double oracleValue = timelyAccuracy(zoo, oracle, sla, upload + back, inference, deviceMs, deviceAccuracy, duplication);
        double policyValue = timelyAccuracy(zoo, chosen, sla, upload + back, inference, deviceMs, deviceAccuracy, duplication);
        assertThat(oracleValue).isGreaterThanOrEqualTo(policyValue);
    }

    private static double timelyAccuracy(Zoo zoo, int model, double sla, double network, double[] inference,
                                         double deviceMs, double deviceAccuracy, boolean duplication) {
        Answer answer = DeadlineRule.resolve(sla, network + inference[model], deviceMs, duplication);
        if (answer.latencyMs() > sla) {
            return 0;
        }
        return answer.fromCloud() ? zoo.models().get(model).accuracy() : deviceAccuracy;
    }
}
