package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkEstimatorTest {

    @Test
    void assumesASymmetricTripUntilItHasSeenAReturn() {
        NetworkEstimator fresh = NetworkEstimator.fresh();
        assertThat(fresh.budget(250, 60)).isEqualTo(new Budget(250, 60, 60));
    }

    @Test
    void averagesObservedReturns() {
        NetworkEstimator seen = NetworkEstimator.fresh().observe(40).observe(20);
        assertThat(seen.expectedReturnMs(999)).isEqualTo(30.0);
        assertThat(seen.budget(250, 60).remainingMs()).isEqualTo(160.0);
    }
}
