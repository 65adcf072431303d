package org.mdinference.demo;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * McNemar's exact test: whether two arms that classified the same items differ in accuracy. Only the discordant
 * items count, those exactly one arm got right; if the arms were equally accurate, each such item would be either
 * arm's with probability one half, so the count that went to one arm is Binomial(discordant, 1/2).
 */
public final class McNemarExactTest {

    private McNemarExactTest() {
    }

    /**
     * The two-sided p-value: twice the smaller tail of Binomial({@code onlyA + onlyB}, 1/2) at the smaller count,
     * capped at 1. No discordant items give 1: nothing tells the arms apart.
     *
     * @param onlyA items only arm A got right
     * @param onlyB items only arm B got right
     * @throws IllegalArgumentException for a negative count
     */
    public static double pValue(int onlyA, int onlyB) {
        if (onlyA < 0 || onlyB < 0) {
            throw new IllegalArgumentException("discordant counts cannot be negative, got " + onlyA + " and " + onlyB);
        }
        int discordant = onlyA + onlyB;
        if (discordant == 0) {
            return 1;
        }
        // no random generator: the distribution is only asked for its CDF
        BinomialDistribution fair = new BinomialDistribution(null, discordant, 0.5);
        return Math.min(1, 2 * fair.cumulativeProbability(Math.min(onlyA, onlyB)));
    }
}
