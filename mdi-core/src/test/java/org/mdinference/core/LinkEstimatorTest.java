package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinkEstimatorTest {

    @Test
    void knowsNothingBeforeItsFirstObservation() {
        LinkEstimator fresh = LinkEstimator.fresh();
        assertThat(fresh.knows(0)).isFalse();
        assertThat(fresh.bytesPerMs()).isEmpty();
        assertThat(fresh.replyBytes()).isZero();
        assertThatThrownBy(() -> fresh.uploadMs(0, 100)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("knows(now)");
    }

    @Test
    void oneTripGivesTheRoundTripButNoThroughput() {
        LinkEstimator seen = LinkEstimator.fresh().observe(100, 600, 400, 20);
        assertThat(seen.knows(100)).isTrue();
        assertThat(seen.rttMs(100)).isEqualTo(20.0);
        assertThat(seen.bytesPerMs()).isEmpty();
        // half the round trip each way while nothing is known of the bandwidth
        assertThat(seen.uploadMs(100, 1_000_000)).isEqualTo(10.0);
        assertThat(seen.returnMs(100)).isEqualTo(10.0);
        assertThat(seen.replyBytes()).isEqualTo(400.0);
    }

    @Test
    void throughputIsAMovingAverageOfTheBytesOverTheTimeBeyondTheRoundTrip() {
        LinkEstimator link = LinkEstimator.fresh()
                .observe(0, 600, 400, 20)
                .observe(1, 2600, 400, 30)    // 3000 bytes in 10 ms beyond the round trip: 300 B/ms
                .observe(2, 900, 600, 35);    // 1500 bytes in 15 ms: 100 B/ms; average 0.5*100 + 0.5*300
        assertThat(link.rttMs(2)).isEqualTo(20.0);
        assertThat(link.bytesPerMs()).hasValue(200.0);
        // reply size: 400, then 0.5*400 + 0.5*400, then 0.5*600 + 0.5*400
        assertThat(link.replyBytes()).isEqualTo(500.0);
        assertThat(link.uploadMs(2, 1000)).isEqualTo(10 + 1000 / 200.0);
        assertThat(link.returnMs(2)).isEqualTo(10 + 500 / 200.0);
    }

    @Test
    void aTripFasterThanTheRoundTripLowersItAndLeavesTheThroughput() {
        LinkEstimator link = LinkEstimator.fresh().observe(0, 500, 500, 20).observe(1, 500, 500, 30)
                .observe(2, 500, 500, 12);
        assertThat(link.rttMs(2)).isEqualTo(12.0);
        assertThat(link.bytesPerMs()).hasValue(100.0);
    }

    @Test
    void theRoundTripFollowsAPathThatBecameSlowerOnceTheFastTripsLeaveTheWindow() {
        LinkEstimator link = LinkEstimator.fresh(0.5, 1000).observe(0, 100, 100, 5).observe(600, 100, 100, 40);
        assertThat(link.rttMs(900)).isEqualTo(5.0);
        assertThat(link.rttMs(1100)).isEqualTo(40.0);
        assertThat(link.knows(1600)).isTrue();
        assertThat(link.knows(1601)).isFalse();
    }

    @Test
    void observingAfterASilenceLongerThanTheWindowStartsAfresh() {
        LinkEstimator link = LinkEstimator.fresh(0.5, 1000).observe(0, 500, 500, 10).observe(1, 500, 500, 20)
                .observe(5000, 300, 700, 50);
        assertThat(link.rttMs(5000)).isEqualTo(50.0);
        assertThat(link.bytesPerMs()).isEmpty();
        assertThat(link.replyBytes()).isEqualTo(700.0);
    }

    @Test
    void keepsOnlyTripsThatCanStillBeTheMinimum() {
        LinkEstimator link = LinkEstimator.fresh();
        for (int i = 0; i < 10 * LinkEstimator.MAX_KEPT; i++) {
            link = link.observe(i, 100, 100, 50 - i % 7);
        }
        // a trip older and slower than a newer one can never be the minimum again: it is dropped
        assertThat(link.rttMs(10.0 * LinkEstimator.MAX_KEPT)).isEqualTo(44.0);
        assertThat(link.uploadMs(10.0 * LinkEstimator.MAX_KEPT, 0)).isCloseTo(22.0, within(1e-12));
    }

    @Test
    void rejectsNonsense() {
        LinkEstimator fresh = LinkEstimator.fresh();
        assertThatThrownBy(() -> LinkEstimator.fresh(0, 1000)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> LinkEstimator.fresh(0.5, 0)).hasMessageContaining("window");
        assertThatThrownBy(() -> fresh.observe(0, -1, 0, 1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> fresh.observe(0, 1, 1, Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> fresh.observe(Double.POSITIVE_INFINITY, 1, 1, 1)).hasMessageContaining("finite");
        assertThatThrownBy(() -> fresh.observe(0, 1, 1, 1).uploadMs(0, -5)).hasMessageContaining("-5 bytes");
        assertThatThrownBy(() -> fresh.observe(0, 1, 1, 1, Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
    }

    @Test
    void theReturnsSpreadIsToldOnceEnoughAreKnownAndKeepsTheLast() {
        LinkEstimator link = LinkEstimator.fresh();
        for (int i = 0; i < LinkEstimator.RETURNS_NEEDED - 1; i++) {
            link = link.observe(i, 100, 100, 20, 10 + i);
        }
        assertThat(link.returnSpread(3, 8).isEmpty()).as("three returns say little beyond their mean").isTrue();

        // the upload predicted too short by 2 ms counts in the return, one faster than predicted as none
        link = link.observe(3, 100, 100, 20, -2).observe(4, 100, 100, 20, Double.NaN);
        assertThat(link.returnSpread(4, 8).timesMs()).containsExactly(0, 10, 11, 12);

        for (int i = 0; i < LinkEstimator.RETURNS_KEPT; i++) {
            link = link.observe(5 + i, 100, 100, 20, 100 + i);
        }
        assertThat(link.returnSpread(40, 8).timesMs()).as("the last 32, in 8 quantiles")
                .containsExactly(102, 106, 110, 114, 118, 122, 126, 130);
    }

    @Test
    void lastHeardIsTheNewestObservationEvenWhenItIsNotTheFastest() {
        assertThat(LinkEstimator.fresh().lastHeardMs()).isNegative().isInfinite();
        assertThat(LinkEstimator.fresh().observe(10, 100, 100, 20).observe(30, 100, 100, 90).lastHeardMs())
                .isEqualTo(30);
    }

    @Test
    void theReturnsAreForgottenWithTheLink() {
        LinkEstimator link = LinkEstimator.fresh(0.5, 1000);
        for (int i = 0; i < 4; i++) {
            link = link.observe(i, 100, 100, 20, 5);
        }
        assertThat(link.returnSpread(2000, 8).isEmpty()).as("nothing known after the window").isTrue();
        assertThat(link.observe(2000, 100, 100, 20, 7).returnSpread(2000, 8).isEmpty())
                .as("a link heard from again starts afresh").isTrue();
    }
}
