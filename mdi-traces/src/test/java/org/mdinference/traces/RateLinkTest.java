package org.mdinference.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateLinkTest {

    /** 8 Mbit/s: 1000 bytes a ms. */
    private static final double EIGHT_MBPS = 1000;

    @Test
    void aTransferWithinOneStepTakesBytesOverRate() {
        RateLink link = RateLink.of(new double[] {1000}, new double[] {EIGHT_MBPS});

        assertThat(link.transferMs(0, 100_000)).isEqualTo(100.0);
        assertThat(link.transferMs(300, 20_000)).isEqualTo(20.0);
        assertThat(link.transferMs(300, 0)).isZero();
    }

    @Test
    void aRateStepMidTransferIsIntegrated() {
        RateLink link = RateLink.of(new double[] {1000, 1000}, new double[] {EIGHT_MBPS, EIGHT_MBPS / 2});

        // 100 ms at 1000 B/ms carry 100 000 bytes, the other 100 000 take 200 ms at 500 B/ms.
        assertThat(link.transferMs(900, 200_000)).isCloseTo(300.0, within(1e-9));
    }

    @Test
    void aTransferWrapsAroundTheTracesEnd() {
        RateLink link = RateLink.of(new double[] {1000, 1000}, new double[] {EIGHT_MBPS, EIGHT_MBPS / 2});

        // 100 ms at 500 B/ms to the end (50 000 bytes), then 50 ms at 1000 B/ms from the start.
        assertThat(link.transferMs(1900, 100_000)).isCloseTo(150.0, within(1e-9));
        assertThat(link.transferMs(3900, 100_000)).isCloseTo(150.0, within(1e-9));
        assertThat(link.periodMs()).isEqualTo(2000.0);
    }

    @Test
    void aTransferWaitsThroughAnOutage() {
        RateLink link = RateLink.of(new double[] {100, 500, 400}, new double[] {EIGHT_MBPS, 0, EIGHT_MBPS});

        assertThat(link.transferMs(50, 100_000)).isCloseTo(50 + 500 + 50.0, within(1e-9));
        assertThat(link.transferMs(300, 1000)).isCloseTo(300 + 1.0, within(1e-9));
    }

    @Test
    void aTransferEndingWhereAnOutageBeginsEndsThere() {
        RateLink link = RateLink.of(new double[] {100, 100}, new double[] {EIGHT_MBPS, 0});

        assertThat(link.transferMs(50, 50_000)).isEqualTo(50.0);
        assertThat(link.transferMs(0, 150_000)).isCloseTo(100 + 100 + 50.0, within(1e-9));
    }

    @Test
    void aTransferOfManyPeriodsCostsNoMoreThanAShortOne() {
        double[] durations = new double[300];
        double[] rates = new double[300];
        java.util.Arrays.fill(durations, 1000);
        java.util.Arrays.fill(rates, 1);
        RateLink link = RateLink.of(durations, rates);

        assertThat(link.transferMs(0, 1_000_000_000L)).isCloseTo(1e9, within(1e-3));
        assertThat(link.transferMs(123_456.5, 1_000_000_000L)).isCloseTo(1e9, within(1e-3));
    }

    @Test
    void scalingMultipliesEveryRate() {
        RateLink link = RateLink.of(new double[] {1000, 1000}, new double[] {EIGHT_MBPS, EIGHT_MBPS / 2});

        assertThat(link.scaled(0.25).transferMs(0, 25_000)).isEqualTo(100.0);
        assertThat(link.scaled(0.25).periodMs()).isEqualTo(2000.0);
    }

    @Test
    void theMeanRateWeighsEachStepByItsDuration() {
        RateLink link = RateLink.of(new double[] {1000, 3000}, new double[] {EIGHT_MBPS, 0});

        assertThat(link.meanBytesPerMs()).isEqualTo(EIGHT_MBPS / 4);
        assertThat(link.scaled(0.5).meanBytesPerMs()).isEqualTo(EIGHT_MBPS / 8);
    }

    @Test
    void aTraceWithoutCapacityIsRejected() {
        assertThatThrownBy(() -> RateLink.of(new double[] {1000, 1000}, new double[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the trace has no positive throughput at all");
    }

    @Test
    void badStepsAreRejectedByIndex() {
        assertThatThrownBy(() -> RateLink.of(new double[] {1000, 0}, new double[] {1, 1}))
                .hasMessage("step 1 lasts 0.0 ms; it must be positive");
        assertThatThrownBy(() -> RateLink.of(new double[] {1000}, new double[] {-1}))
                .hasMessage("step 0 has rate -1.0; it must be non-negative");
        assertThatThrownBy(() -> RateLink.of(new double[0], new double[0]))
                .hasMessage("a rate trace needs one duration per rate and at least one step, got 0 durations and 0 rates");
    }
}
