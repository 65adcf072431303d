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
        NetworkEstimator seen = NetworkEstimator.fresh().observe(50, 40).observe(70, 20);
        assertThat(seen.expectedReturnMs(999)).isEqualTo(30.0);
        assertThat(seen.budget(250, 60).remainingMs()).isEqualTo(160.0);
    }

    @Test
    void aReturnThatFollowsItsUploadIsForeseenFromTheUpload() {
        NetworkEstimator estimator = NetworkEstimator.fresh();
        for (double upload : new double[] {40, 90, 60, 120, 75}) {
            estimator = estimator.observe(upload, upload);
        }
        // the paper's symmetric networks: the return is the upload, and the recent pairs say so
        TimeSpread guesses = estimator.recentReturns(100);
        assertThat(guesses.chanceWithin(100.5, 0, 0)).isEqualTo(1.0);
        assertThat(guesses.chanceWithin(99.5, 0, 0)).isEqualTo(0.0);
        // a cheap average of the returns would have said 77
        assertThat(estimator.expectedReturnMs(100)).isNotCloseTo(100, org.assertj.core.data.Offset.offset(10.0));
    }

    @Test
    void aReturnThatIgnoresItsUploadIsForeseenFromTheRecentReturns() {
        NetworkEstimator estimator = NetworkEstimator.fresh().observe(200, 30).observe(400, 20).observe(300, 25)
                .observe(500, 10);
        // the slope is negative, taken as 0: the guesses are the returns seen
        TimeSpread guesses = estimator.recentReturns(1000);
        assertThat(guesses.chanceWithin(21, 0, 0)).isEqualTo(0.5);
        assertThat(guesses.size()).isEqualTo(4);
    }

    @Test
    void keepsTheRecentPairsOnly() {
        NetworkEstimator estimator = NetworkEstimator.fresh();
        for (int i = 0; i < 3 * NetworkEstimator.RECENT; i++) {
            estimator = estimator.observe(10, i);
        }
        TimeSpread kept = estimator.recentReturns(10);
        assertThat(kept.size()).isEqualTo(NetworkEstimator.SPREAD_POINTS);
        // the oldest return kept is the one observed RECENT pairs ago
        assertThat(kept.chanceWithin(2 * NetworkEstimator.RECENT - 0.5, 0, 0)).isEqualTo(0.0);
        assertThat(kept.chanceWithin(3 * NetworkEstimator.RECENT, 0, 0)).isEqualTo(1.0);
    }
}
