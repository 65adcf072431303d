package org.mdinference.demo;

import java.util.BitSet;

/**
 * Two arms, A and B, that classified the same images, image by image: how many both got right, only one got right,
 * neither got right. Because each image is met by both arms, what the images themselves make easy or hard cancels
 * out, and a difference of a point in accuracy can be told from chance on a few thousand images, where two separate
 * samples would need many more.
 *
 * @param bothRight images both arms got right
 * @param onlyA     images only A got right
 * @param onlyB     images only B got right
 * @param bothWrong images neither arm got right
 */
public record PairedAccuracy(int bothRight, int onlyA, int onlyB, int bothWrong) {

    /** The normal quantile of a two-sided 95 % interval. */
    private static final double Z_95 = 1.959963984540054;

    public PairedAccuracy {
        if (bothRight < 0 || onlyA < 0 || onlyB < 0 || bothWrong < 0) {
            throw new IllegalArgumentException("counts cannot be negative: " + bothRight + ", " + onlyA + ", " + onlyB
                    + ", " + bothWrong);
        }
        if (bothRight + onlyA + onlyB + bothWrong == 0) {
            throw new IllegalArgumentException("a paired comparison needs at least one image");
        }
    }

    /**
     * The pairs of images {@code 0} to {@code images - 1}, given which of them each arm got right.
     *
     * @throws IllegalArgumentException if an arm marks an image at or past {@code images} right
     */
    public static PairedAccuracy of(BitSet rightA, BitSet rightB, int images) {
        if (rightA.length() > images || rightB.length() > images) {
            throw new IllegalArgumentException("an arm got an image right beyond the " + images + " compared");
        }
        BitSet both = (BitSet) rightA.clone();
        both.and(rightB);
        BitSet either = (BitSet) rightA.clone();
        either.or(rightB);
        int bothRight = both.cardinality();
        return new PairedAccuracy(bothRight, rightA.cardinality() - bothRight, rightB.cardinality() - bothRight,
                images - either.cardinality());
    }

    /** Both comparisons' images together, as one comparison: how separate cells of a run pool. */
    public PairedAccuracy plus(PairedAccuracy other) {
        return new PairedAccuracy(bothRight + other.bothRight, onlyA + other.onlyA, onlyB + other.onlyB,
                bothWrong + other.bothWrong);
    }

    /** Images compared. */
    public int images() {
        return bothRight + onlyA + onlyB + bothWrong;
    }

    public double accuracyA() {
        return (double) (bothRight + onlyA) / images();
    }

    public double accuracyB() {
        return (double) (bothRight + onlyB) / images();
    }

    /** A's accuracy minus B's: {@code (onlyA - onlyB) / images}. */
    public double difference() {
        return (double) (onlyA - onlyB) / images();
    }

    /**
     * A 95 % confidence interval of {@link #difference()}: the Wald interval of paired proportions with Agresti and
     * Min's adjustment (half an image added to each of the four counts), which keeps its coverage on small samples
     * and never collapses to a point when the arms agree on every image (Agresti and Min, Biometrics 61, 2005; on a
     * few hundred images or more it is the textbook Wald interval to three decimals).
     *
     * @return {low, high}, fractions in [-1, 1]
     */
    public double[] differenceInterval95() {
        double n = images() + 2.0;
        double a = (onlyA + 0.5) / n;
        double b = (onlyB + 0.5) / n;
        double d = a - b;
        double halfWidth = Z_95 * Math.sqrt(Math.max(0, (a + b) - d * d) / n);
        return new double[] {Math.max(-1, d - halfWidth), Math.min(1, d + halfWidth)};
    }

    /** McNemar's exact two-sided p-value of the discordant images: {@link McNemarExactTest#pValue}. */
    public double mcNemarP() {
        return McNemarExactTest.pValue(onlyA, onlyB);
    }
}
