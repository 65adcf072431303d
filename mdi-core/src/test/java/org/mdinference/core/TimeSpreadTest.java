package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeSpreadTest {

    @Test
    void theChanceWeighsEveryReturnByTheNormalsCdf() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 500; trial++) {
            double[] returns = new double[1 + random.nextInt(64)];
            for (int i = 0; i < returns.length; i++) {
                returns[i] = 200 * random.nextDouble();
            }
            double limit = 300 * random.nextDouble();
            double mean = 100 * random.nextDouble();
            double std = trial % 3 == 0 ? 0 : 20 * random.nextDouble();
            double naive = 0;
            for (double r : returns) {
                naive += TimeSpread.chance(limit - r, mean, std);
            }
            assertThat(TimeSpread.of(returns).chanceWithin(limit, mean, std)).as("trial %d", trial)
                    .isCloseTo(naive / returns.length, within(1e-12));
        }
    }

    @Test
    void manyReturnsAreKeptAsTheirQuantiles() {
        double[] returns = new double[256];
        for (int i = 0; i < returns.length; i++) {
            returns[i] = 255 - i;
        }
        TimeSpread summary = TimeSpread.summarising(returns, 32);
        assertThat(summary.size()).isEqualTo(32);
        // the midpoints of 32 shares of 0..255: 4, 12, ..., 252
        assertThat(summary.chanceWithin(4, 0, 0)).isEqualTo(1.0 / 32);
        assertThat(summary.chanceWithin(251.9, 0, 0)).isEqualTo(31.0 / 32);
        assertThat(TimeSpread.summarising(new double[] {3, 1}, 32).size()).isEqualTo(2);
    }

    @Test
    void scalingMovesEveryPointAndTheMoments() {
        TimeSpread spread = TimeSpread.of(10, 20, 30);
        TimeSpread doubled = spread.scaled(2);

        assertThat(doubled).isEqualTo(TimeSpread.of(20, 40, 60));
        assertThat(doubled.timesMs()).containsExactly(20, 40, 60);
        assertThat(doubled.meanMs()).isEqualTo(40);
        assertThat(doubled.stdMs()).isCloseTo(2 * spread.stdMs(), within(1e-12));
        assertThat(spread.scaled(1)).isSameAs(spread);
        assertThat(TimeSpread.NONE.scaled(3)).isSameAs(TimeSpread.NONE);
        assertThatThrownBy(() -> spread.scaled(0)).hasMessageContaining("positive number, got 0.0");
    }

    @Test
    void quantilesAreThePointsThemselves() {
        TimeSpread spread = TimeSpread.of(40, 10, 30, 20);

        assertThat(spread.quantileMs(0)).isEqualTo(10);
        assertThat(spread.quantileMs(0.5)).isEqualTo(20);
        assertThat(spread.quantileMs(0.51)).isEqualTo(30);
        assertThat(spread.quantileMs(1)).isEqualTo(40);
    }

    @Test
    void refusesWhatIsNoTime() {
        assertThatThrownBy(() -> TimeSpread.of(5, -1)).hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> TimeSpread.of(Double.NaN)).hasMessageContaining("non-negative number");
        assertThatThrownBy(() -> TimeSpread.NONE.chanceWithin(1, 0, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theNormalsCdfIsRightToItsStatedError() {
        assertThat(Gaussian.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Gaussian.cdf(1.959964)).isCloseTo(0.975, within(1.5e-7));
        assertThat(Gaussian.cdf(-1)).isCloseTo(0.158655254, within(1.5e-7));
        assertThat(Gaussian.cdf(8)).isEqualTo(1.0, within(1e-14));
        assertThat(Gaussian.cdf(-8)).isCloseTo(0, within(1e-14));
    }
}
