package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReturnSpreadTest {

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
                naive += ReturnSpread.chance(limit - r, mean, std);
            }
            assertThat(ReturnSpread.of(returns).chanceWithin(limit, mean, std)).as("trial %d", trial)
                    .isCloseTo(naive / returns.length, within(1e-12));
        }
    }

    @Test
    void manyReturnsAreKeptAsTheirQuantiles() {
        double[] returns = new double[256];
        for (int i = 0; i < returns.length; i++) {
            returns[i] = 255 - i;
        }
        ReturnSpread summary = ReturnSpread.summarising(returns, 32);
        assertThat(summary.size()).isEqualTo(32);
        // the midpoints of 32 shares of 0..255: 4, 12, ..., 252
        assertThat(summary.chanceWithin(4, 0, 0)).isEqualTo(1.0 / 32);
        assertThat(summary.chanceWithin(251.9, 0, 0)).isEqualTo(31.0 / 32);
        assertThat(ReturnSpread.summarising(new double[] {3, 1}, 32).size()).isEqualTo(2);
    }

    @Test
    void refusesWhatIsNoTime() {
        assertThatThrownBy(() -> ReturnSpread.of(5, -1)).hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> ReturnSpread.of(Double.NaN)).hasMessageContaining("non-negative number");
        assertThatThrownBy(() -> ReturnSpread.NONE.chanceWithin(1, 0, 0)).isInstanceOf(IllegalStateException.class);
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
