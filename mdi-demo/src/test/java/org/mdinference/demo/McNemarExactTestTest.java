package org.mdinference.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class McNemarExactTestTest {

    @Test
    void theBenturAirwayExampleGivesTheExactConditionalPOfFagerlandEtAl() {
        // Fagerland, Lydersen and Laake, BMC Med Res Methodol 13:91 (2013), Table 1: 1 and 7 discordant pairs,
        // "exact conditional" p = 0.070, exactly 2 x 9/256
        assertThat(McNemarExactTest.pValue(1, 7)).isEqualTo(0.0703125);
        assertThat(McNemarExactTest.pValue(7, 1)).isEqualTo(0.0703125);
    }

    @Test
    void theWikipediaExampleGivesItsExactBinomialP() {
        // en.wikipedia.org/wiki/McNemar%27s_test, example: b = 6, c = 16, exact binomial test p = 0.0525
        assertThat(McNemarExactTest.pValue(6, 16)).isCloseTo(0.0525, within(5e-5));
    }

    @Test
    void agreesWithTheBinomialSumCountedExactly() {
        for (int[] pair : new int[][] {{0, 1}, {0, 5}, {0, 6}, {3, 12}, {10, 10}, {11, 10}, {40, 61}, {86, 150},
                {400, 470}, {1200, 1100}}) {
            assertThat(McNemarExactTest.pValue(pair[0], pair[1])).as("b %d, c %d", pair[0], pair[1])
                    .isCloseTo(exact(pair[0], pair[1]), within(1e-9 * Math.max(1e-3, exact(pair[0], pair[1]))));
        }
    }

    @Test
    void noDiscordantPairsTellNothing() {
        assertThat(McNemarExactTest.pValue(0, 0)).isEqualTo(1.0);
        assertThat(McNemarExactTest.pValue(5, 5)).isEqualTo(1.0);
    }

    @Test
    void aNegativeCountIsRefused() {
        assertThatThrownBy(() -> McNemarExactTest.pValue(-1, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1 and 3");
    }

    /** min(1, 2 sum_{k <= min(b, c)} C(b + c, k) / 2^(b + c)), in integers. */
    private static double exact(int b, int c) {
        int n = b + c;
        BigInteger tail = BigInteger.ZERO;
        BigInteger binomial = BigInteger.ONE;
        for (int k = 0; k <= Math.min(b, c); k++) {
            tail = tail.add(binomial);
            binomial = binomial.multiply(BigInteger.valueOf(n - k)).divide(BigInteger.valueOf(k + 1));
        }
        BigDecimal p = new BigDecimal(tail.shiftLeft(1)).divide(new BigDecimal(BigInteger.ONE.shiftLeft(n)),
                MathContext.DECIMAL128);
        return Math.min(1, p.doubleValue());
    }
}
