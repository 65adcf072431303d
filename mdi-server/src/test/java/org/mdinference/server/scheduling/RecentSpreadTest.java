package org.mdinference.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RecentSpreadTest {

    @Test
    void aSteadyModelHasNoSpreadAndOneSampleSaysNothing() {
        RecentSpread spread = new RecentSpread();
        spread.add(10);
        assertThat(spread.relative()).isZero();
        spread.add(10);
        assertThat(spread.relative()).isZero();
    }

    @Test
    void aSpikeStaysInTheSpreadForAWholeWindowThenLeavesIt() {
        RecentSpread spread = new RecentSpread();
        spread.add(30);
        for (int i = 1; i < RecentSpread.WINDOW; i++) {
            spread.add(10);
        }
        // 63 samples of 10 and one of 30: mean 10.3125, sample deviation sqrt(63 * 0.3125^2 + 19.6875^2) / 63
        double mean = 10 + 20.0 / RecentSpread.WINDOW;
        double deviation = Math.sqrt(((RecentSpread.WINDOW - 1) * Math.pow(mean - 10, 2) + Math.pow(30 - mean, 2))
                / (RecentSpread.WINDOW - 1));
        assertThat(spread.relative()).isCloseTo(deviation / mean, within(1e-12));
        spread.add(10);
        assertThat(spread.relative()).isZero();
    }
}
