package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyProfileTest {

    @Test
    void followsThePapersMovingAverage() {
        LatencyProfile start = new LatencyProfile(10, 2);
        LatencyProfile next = start.observe(14);
        // mu' = 0.5*14 + 0.5*10 ; var' = 0.5*(4 + 0.5*16)
        assertThat(next.meanMs()).isEqualTo(12.0);
        assertThat(next.variance()).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void ignoresAColdSampleMoreThanTenSigmaAway() {
        LatencyProfile start = new LatencyProfile(10, 1);
        assertThat(start.isCold(20.5)).isTrue();
        assertThat(start.isCold(19.5)).isFalse();
        assertThat(start.observe(20.5)).isSameAs(start);
        assertThat(start.observe(19.5).meanMs()).isEqualTo(14.75);
    }

    @Test
    void aProfileWithoutSpreadStillLearns() {
        LatencyProfile start = new LatencyProfile(10, 0);
        assertThat(start.observe(30).meanMs()).isEqualTo(20.0);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new LatencyProfile(0, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new LatencyProfile(5, -1)).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> new LatencyProfile(5, 1).observe(Double.NaN)).hasMessageContaining("NaN");
    }
}
