package org.mdinference.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.mdinference.core.LatencyProfile;
import org.junit.jupiter.api.Test;

class RecentSpreadTest {

    @Test
    void itStartsWithTheSpreadOfItsProfile() {
        RecentSpread spread = new RecentSpread(new LatencyProfile(10, 1));
        assertThat(spread.relative()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void aSpikeStaysInTheSpreadForAWholeWindowThenLeavesIt() {
        RecentSpread spread = new RecentSpread(new LatencyProfile(10, 0));
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

    @Test
    void aResetForgetsWhatWasAdded() {
        RecentSpread spread = new RecentSpread(new LatencyProfile(10, 0));
        spread.add(60);
        spread.reset();
        assertThat(spread.relative()).isZero();
    }
}
