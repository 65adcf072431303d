package org.mdinference.sim.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.mdinference.traces.NetworkTimes;

class GaussianNetworkTest {

    @Property(tries = 50)
    void everyDrawIsPositive(@ForAll @DoubleRange(min = 0.1, max = 500) double meanMs,
                             @ForAll @DoubleRange(min = 0, max = 2000) double stdMs,
                             @ForAll long seed) {
        NetworkTimes times = GaussianNetwork.independentDraws("g", meanMs, stdMs).sample(500, seed);

        assertThat(Arrays.stream(times.uploadMs()).boxed()).allMatch(ms -> ms > 0);
        assertThat(Arrays.stream(times.returnMs()).boxed()).allMatch(ms -> ms > 0);
    }

    @Test
    void theMeanIsTheTruncatedNormalsMean() {
        // With the deviation equal to the mean, truncation at 0 cuts at -1 sigma: the mean moves up by
        // sigma * phi(1) / Phi(1) = 0.2876 sigma.
        NetworkTimes times = GaussianNetwork.independentDraws("g", 50, 50).sample(100_000, 3);

        assertThat(Arrays.stream(times.uploadMs()).average().orElseThrow()).isCloseTo(50 * 1.2875999709, within(0.5));
        assertThat(Arrays.stream(times.returnMs()).average().orElseThrow()).isCloseTo(50 * 1.2875999709, within(0.5));
    }

    @Test
    void thePapersConventionCountsOneDrawBothWays() {
        NetworkTimes times = GaussianNetwork.paperConvention("paper:Home", 92, 48).sample(1000, 5);

        assertThat(times.returnMs()).containsExactly(times.uploadMs());
        assertThat(Arrays.stream(times.uploadMs()).distinct().count()).isEqualTo(1000);
    }

    @Test
    void independentDrawsDifferEachWay() {
        NetworkTimes times = GaussianNetwork.independentDraws("g", 92, 48).sample(1000, 5);

        for (int i = 0; i < times.size(); i++) {
            assertThat(times.returnMs()[i]).isNotEqualTo(times.uploadMs()[i]);
        }
    }

    @Test
    void noDeviationGivesTheMeanEveryTime() {
        NetworkTimes times = GaussianNetwork.paperConvention("paper:Perfect", 50, 0).sample(10, 1);

        assertThat(times.uploadMs()).containsOnly(50.0);
    }

    @Test
    void theSameSeedGivesTheSameTimes() {
        GaussianNetwork network = GaussianNetwork.independentDraws("g", 92, 48);

        assertThat(network.sample(100, 9).uploadMs()).containsExactly(network.sample(100, 9).uploadMs());
        assertThat(network.sample(100, 9).returnMs()).containsExactly(network.sample(100, 9).returnMs());
        assertThat(network.sample(100, 10).uploadMs()).isNotEqualTo(network.sample(100, 9).uploadMs());
    }

    @Test
    void badParametersAreRejectedWithTheirValue() {
        assertThatThrownBy(() -> GaussianNetwork.independentDraws("g", 0, 1))
                .hasMessage("g: mean one-way time must be a positive number of ms, got 0.0");
        assertThatThrownBy(() -> GaussianNetwork.paperConvention("p", 1, -2))
                .hasMessage("p: standard deviation must be a non-negative number of ms, got -2.0");
    }
}
