package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GateTableTest {

    private static final GateTable TABLE = new GateTable(List.of(
            new GateTable.Row(0.0, 0.95, 0.66, 0.001),
            new GateTable.Row(0.0025, 0.89, 0.75, 0.003),
            new GateTable.Row(0.005, 0.81, 0.81, 0.0052),
            new GateTable.Row(0.01, 0.66, 0.89, Double.NaN)));

    @Test
    void aLossTargetTakesTheRowOfTheLargestLossNotAboveIt() {
        assertThat(TABLE.forMaxLoss(0).threshold()).isEqualTo(0.95);
        assertThat(TABLE.forMaxLoss(0.0024).threshold()).isEqualTo(0.95);
        assertThat(TABLE.forMaxLoss(0.0025).threshold()).isEqualTo(0.89);
        assertThat(TABLE.forMaxLoss(0.004).threshold()).isEqualTo(0.89);
        assertThat(TABLE.forMaxLoss(0.005).gate()).isEqualTo(new ConfidenceGate(0.81));
        assertThat(TABLE.forMaxLoss(1).threshold()).isEqualTo(0.66);
    }

    @Test
    void aShareTargetTakesTheLeastLossThatSendsNoMore() {
        assertThat(TABLE.forOffloadShare(1).threshold()).isEqualTo(0.95);
        assertThat(TABLE.forOffloadShare(0.34).threshold()).isEqualTo(0.95);
        assertThat(TABLE.forOffloadShare(0.33).threshold()).isEqualTo(0.89);
        assertThat(TABLE.forOffloadShare(0.2).threshold()).isEqualTo(0.81);
        assertThat(TABLE.forOffloadShare(0.11).threshold()).isEqualTo(0.66);
        assertThatThrownBy(() -> TABLE.forOffloadShare(0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 0.10999").hasMessageContaining("not 0.1");
    }

    @Test
    void refusesTargetsItCannotMeetAndTablesOutOfOrder() {
        GateTable strict = new GateTable(List.of(new GateTable.Row(0.001, 0.9, 0.5, Double.NaN)));
        assertThatThrownBy(() -> strict.forMaxLoss(0.0005)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a loss of at least 0.001");
        assertThatThrownBy(() -> TABLE.forMaxLoss(-0.1)).hasMessageContaining("fraction in [0, 1]");
        assertThatThrownBy(() -> TABLE.forOffloadShare(Double.NaN)).hasMessageContaining("fraction in [0, 1]");
        assertThatThrownBy(() -> new GateTable(List.of())).hasMessageContaining("at least one row");
        assertThatThrownBy(() -> new GateTable(List.of(new GateTable.Row(0.01, 0.9, 0.5, 0),
                new GateTable.Row(0.005, 0.8, 0.6, 0)))).hasMessageContaining("must increase");
        assertThatThrownBy(() -> new GateTable(List.of(new GateTable.Row(0.0, 0.8, 0.5, 0),
                new GateTable.Row(0.005, 0.9, 0.6, 0)))).hasMessageContaining("must not raise the threshold");
        assertThatThrownBy(() -> new GateTable.Row(0, 1.5, 0.5, 0)).hasMessageContaining("probability in [0, 1]");
        assertThatThrownBy(() -> new GateTable.Row(0, 0.5, 2, 0)).hasMessageContaining("share answered");
    }
}
