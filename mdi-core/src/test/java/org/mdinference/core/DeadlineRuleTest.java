package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlineRuleTest {

    @Test
    void cloudAnswerInTimeIsUsed() {
        assertThat(DeadlineRule.resolve(100, 80, 5, true)).isEqualTo(new Answer(Answer.Source.CLOUD, 80));
    }

    @Test
    void lateCloudGivesWayToTheDeviceAtTheDeadline() {
        assertThat(DeadlineRule.resolve(100, 130, 5, true)).isEqualTo(new Answer(Answer.Source.DEVICE, 100));
    }

    @Test
    void whenNeitherIsReadyAtTheDeadlineTheFirstToArriveWins() {
        assertThat(DeadlineRule.resolve(10, 30, 20, true)).isEqualTo(new Answer(Answer.Source.DEVICE, 20));
        assertThat(DeadlineRule.resolve(10, 15, 20, true)).isEqualTo(new Answer(Answer.Source.CLOUD, 15));
    }

    @Test
    void withoutDuplicationTheDeviceWaitsForTheCloud() {
        assertThat(DeadlineRule.resolve(100, 300, 5, false)).isEqualTo(new Answer(Answer.Source.CLOUD, 300));
    }
}
