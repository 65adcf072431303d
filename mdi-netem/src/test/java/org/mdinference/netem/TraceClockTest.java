package org.mdinference.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceClockTest {

    @Test
    void theClockShowsItsOffsetAtItsStartAndRunsInMs() {
        TraceClock clock = new TraceClock(Ticker.SYSTEM, 1_000, 500);

        assertThat(clock.msAt(1_000)).isEqualTo(500.0);
        assertThat(clock.msAt(1_000 + 2_500_000)).isEqualTo(502.5);
        assertThat(clock.nanosAt(502.5)).isEqualTo(1_000 + 2_500_000);
    }

    @Test
    void awaitingATimeReturnsNoEarlierThanIt() throws InterruptedException {
        TraceClock clock = TraceClock.startingNow(Ticker.SYSTEM, 1_000);

        clock.awaitMs(1_030);

        assertThat(clock.nowMs()).isBetween(1_030.0, 2_000.0);
    }

    @Test
    void awaitingATimeGoneByReturnsAtOnce() throws InterruptedException {
        TraceClock clock = TraceClock.startingNow(Ticker.SYSTEM, 1_000);
        long before = System.nanoTime();

        clock.awaitMs(0);

        // it does not park at all; a second is what a loaded machine may take to give the thread back its core
        assertThat(System.nanoTime() - before).isLessThan(1_000_000_000L);
    }

    @Test
    void anInterruptEndsTheWait() {
        TraceClock clock = TraceClock.startingNow(Ticker.SYSTEM, 0);
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> clock.awaitMs(60_000)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }
}
