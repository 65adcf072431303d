package org.mdinference.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoRowTest {

    /** A row that got images {@code from} to {@code to - 1} of {@code of} right. */
    private static DemoRow right(String policy, int from, int to, int of) {
        BitSet correct = new BitSet();
        correct.set(from, to);
        return new DemoRow("net", policy, false, 100, of, (to - from) / (double) of, 1, 0, 50, 90, 50, 1000, 10,
                Map.of(),
                correct, List.of());
    }

    @Test
    void aLeadOfSixImagesWhereOnlySixDifferIsClear() {
        // discordant: 0 for the first, 6 for the second; McNemar's exact p = 2 / 64 = 0.031
        assertThat(right("a", 10, 90, 100).clearlyLessAccurateThan(right("b", 4, 90, 100))).isTrue();
        assertThat(right("b", 4, 90, 100).clearlyLessAccurateThan(right("a", 10, 90, 100))).isFalse();
        // 0 against 5 is p = 0.0625: not clear at 5 %
        assertThat(right("a", 10, 90, 100).clearlyLessAccurateThan(right("b", 5, 90, 100))).isFalse();
    }

    @Test
    void theSameLeadAmongManyDisagreementsIsChance() {
        // images 0-19 only the first got right, 40-64 only the second: 20 against 25, p = 0.55
        BitSet first = new BitSet();
        first.set(0, 40);
        BitSet second = new BitSet();
        second.set(20, 65);
        DemoRow a = new DemoRow("net", "a", false, 100, 100, 0.40, 1, 0, 50, 90, 50, 1000, 100, Map.of(), first,
                List.of());
        DemoRow b = new DemoRow("net", "b", false, 100, 100, 0.45, 1, 0, 50, 90, 50, 1000, 100, Map.of(), second,
                List.of());
        assertThat(a.clearlyLessAccurateThan(b)).isFalse();
        assertThat(a.pairedWith(b)).isEqualTo(new PairedAccuracy(20, 20, 25, 35));
        assertThat(a.correct().cardinality()).isEqualTo(40);
    }

    @Test
    void rowsOfDifferentImageCountsDoNotPair() {
        assertThatThrownBy(() -> right("a", 0, 5, 10).pairedWith(right("b", 0, 5, 12)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 requests in a's cell, 12 in b's");
    }
}
