package org.mdinference.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketLinkTest {

    /** Two packets at 5 ms, one at 10, one at 20; then again at 25, 25, 30, 40... */
    private final PacketLink link = PacketLink.of(new long[] {5, 5, 10, 20});

    @Test
    void aTransferEndsAtTheOpportunityOfItsLastPacket() {
        assertThat(link.transferMs(0, 1500)).isEqualTo(5.0);
        assertThat(link.transferMs(0, 3000)).isEqualTo(5.0);
        assertThat(link.transferMs(0, 3001)).isEqualTo(10.0);
        assertThat(link.transferMs(0, 6000)).isEqualTo(20.0);
        assertThat(link.transferMs(6, 1)).isEqualTo(4.0);
        assertThat(link.transferMs(6, 0)).isZero();
    }

    @Test
    void theTraceRepeatsAfterItsLastTimestamp() {
        assertThat(link.periodMs()).isEqualTo(20.0);
        assertThat(link.transferMs(0, 7500)).isEqualTo(25.0);
        assertThat(link.transferMs(21, 1500)).isEqualTo(4.0);
        assertThat(link.transferMs(41, 4 * 1500 * 10)).isEqualTo(10 * 20 + 40 - 41.0);
    }

    @Test
    void anOpportunityAtTheStartInstantIsUsed() {
        assertThat(link.transferMs(20, 1500)).isZero();
        assertThat(link.transferMs(40, 3000)).isEqualTo(5.0);
    }

    @Test
    void scalingShrinksWhatEachOpportunityCarries() {
        assertThat(link.scaled(0.5).transferMs(0, 1500)).isEqualTo(5.0);
        assertThat(link.scaled(0.5).transferMs(0, 2250)).isEqualTo(10.0);
    }

    @Test
    void theMeanRateIsEveryOpportunitysBytesOverThePeriod() {
        assertThat(link.meanBytesPerMs()).isEqualTo(4 * 1500 / 20.0);
        assertThat(link.scaled(0.5).meanBytesPerMs()).isEqualTo(4 * 750 / 20.0);
    }

    @Test
    void tracesThatCannotRepeatAreRejected() {
        assertThatThrownBy(() -> PacketLink.of(new long[] {0, 0}))
                .hasMessage("a packet trace must last longer than 0 ms: its last opportunity is at 0 ms");
        assertThatThrownBy(() -> PacketLink.of(new long[] {5, 3}))
                .hasMessage("delivery opportunity 1 at 3 ms is negative or earlier than the one before");
        assertThatThrownBy(() -> PacketLink.of(new long[0]))
                .hasMessage("a packet trace needs at least one delivery opportunity");
    }
}
