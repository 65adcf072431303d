package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchCostsTest {

    @Test
    void interpolatesBetweenMeasuredSizesAndExtrapolatesPerItem() {
        BatchCosts costs = new BatchCosts(Map.of(1, 2.0, 4, 5.0));
        assertThat(costs.ms(0)).isZero();
        assertThat(costs.ms(1)).isEqualTo(2.0);
        assertThat(costs.ms(2)).isEqualTo(3.0);
        assertThat(costs.ms(8)).isEqualTo(10.0);
    }

    @Test
    void theLargestBatchWithinATimeStopsAtTheFirstSizeOverIt() {
        BatchCosts costs = new BatchCosts(Map.of(1, 2.0, 4, 5.0));
        assertThat(costs.largestWithin(32, 5.0)).isEqualTo(4);
        assertThat(costs.largestWithin(32, 5.9)).isEqualTo(4);
        assertThat(costs.largestWithin(32, 6.25)).isEqualTo(5);
        assertThat(costs.largestWithin(3, 100)).isEqualTo(3);
        assertThat(costs.largestWithin(32, 1.0)).isEqualTo(1);
    }

    @Test
    void needsTheCostOfOne() {
        assertThatThrownBy(() -> new BatchCosts(Map.of(2, 1.0))).hasMessageContaining("batch of 1");
    }
}
