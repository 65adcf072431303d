package org.mdinference.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class PairedAccuracyTest {

    @Test
    void agrestisPresidentialApprovalExampleGivesItsTextbookInterval() {
        // Agresti, An Introduction to Categorical Data Analysis (2nd ed.), section 8.1: 1600 people asked twice,
        // 794 approve both times, 150 only the first, 86 only the second, 570 neither; difference 0.04, 95 % interval
        // (0.021, 0.059), McNemar z = 4.17
        PairedAccuracy pairs = new PairedAccuracy(794, 150, 86, 570);
        assertThat(pairs.images()).isEqualTo(1600);
        assertThat(pairs.accuracyA()).isCloseTo(0.59, within(1e-12));
        assertThat(pairs.accuracyB()).isCloseTo(0.55, within(1e-12));
        assertThat(pairs.difference()).isCloseTo(0.04, within(1e-12));
        double[] interval = pairs.differenceInterval95();
        assertThat(interval[0]).isCloseTo(0.021, within(5e-4));
        assertThat(interval[1]).isCloseTo(0.059, within(5e-4));
        // z = 4.17 is about 3e-5 two-sided; the exact test agrees
        assertThat(pairs.mcNemarP()).isCloseTo(3.716e-5, within(1e-8));
    }

    @Test
    void theBenturExampleGivesTheAgrestiMinInterval() {
        // Fagerland et al. 2013's small example (1, 1, 7, 12): few pairs, where the adjustment matters; computed by
        // hand: p12 = 1.5 / 23, p21 = 7.5 / 23, d -/+ 1.96 sqrt((p12 + p21 - d^2) / 23)
        PairedAccuracy pairs = new PairedAccuracy(1, 1, 7, 12);
        assertThat(pairs.difference()).isCloseTo(-6 / 21.0, within(1e-12));
        double[] interval = pairs.differenceInterval95();
        assertThat(interval[0]).isCloseTo(-0.49323, within(1e-5));
        assertThat(interval[1]).isCloseTo(-0.02851, within(1e-5));
        assertThat(pairs.mcNemarP()).isEqualTo(0.0703125);
    }

    @Test
    void armsThatAgreeOnEveryImageStillHaveAnIntervalOfChance() {
        PairedAccuracy pairs = new PairedAccuracy(50, 0, 0, 50);
        assertThat(pairs.difference()).isZero();
        assertThat(pairs.differenceInterval95()).containsExactly(new double[] {-0.0192153, 0.0192153}, within(1e-7));
        assertThat(pairs.mcNemarP()).isEqualTo(1.0);
    }

    @Test
    void theCountsComeImageByImageFromWhatEachArmGotRight() {
        BitSet a = new BitSet();
        a.set(0, 6); // images 0-5
        BitSet b = new BitSet();
        b.set(3, 9); // images 3-8
        PairedAccuracy pairs = PairedAccuracy.of(a, b, 10);
        assertThat(pairs).isEqualTo(new PairedAccuracy(3, 3, 3, 1));
        assertThat(PairedAccuracy.of(b, a, 10)).isEqualTo(new PairedAccuracy(3, 3, 3, 1));
        a.set(9);
        assertThat(PairedAccuracy.of(a, b, 10)).isEqualTo(new PairedAccuracy(3, 4, 3, 0));
        assertThat(PairedAccuracy.of(a, b, 10).plus(new PairedAccuracy(1, 2, 3, 4)))
                .isEqualTo(new PairedAccuracy(4, 6, 6, 4));
    }

    @Test
    void badCountsAreRefused() {
        BitSet beyond = new BitSet();
        beyond.set(10);
        assertThatThrownBy(() -> PairedAccuracy.of(beyond, new BitSet(), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond the 10 compared");
        assertThatThrownBy(() -> new PairedAccuracy(0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one image");
        assertThatThrownBy(() -> new PairedAccuracy(1, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
