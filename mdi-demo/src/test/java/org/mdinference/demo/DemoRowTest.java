package org.mdinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoRowTest {

    /** A row that got images {@code from} to {@code to - 1} of 100 right. */
    private static DemoRow right(int from, int to) {
        BitSet correct = new BitSet();
        correct.set(from, to);
        return new DemoRow("net", "policy", 100, 100, (to - from) / 100.0, 1, 0, 50, 90, 50, 1000, Map.of(),
                correct);
    }

    @Test
    void aLeadOfFiveImagesWhereOnlyFiveDifferIsClear() {
        // discordant: 0 for the first, 5 for the second; 5 > 2 sqrt(5)
        assertThat(right(10, 90).clearlyLessAccurateThan(right(5, 90))).isTrue();
        assertThat(right(5, 90).clearlyLessAccurateThan(right(10, 90))).isFalse();
    }

    @Test
    void theSameLeadAmongManyDisagreementsIsChance() {
        // images 0-19 only the first got right, 40-64 only the second: 25 - 20 = 5 < 2 sqrt(45)
        BitSet first = new BitSet();
        first.set(0, 40);
        BitSet second = new BitSet();
        second.set(20, 65);
        DemoRow a = new DemoRow("net", "a", 100, 100, 0.40, 1, 0, 50, 90, 50, 1000, Map.of(), first);
        DemoRow b = new DemoRow("net", "b", 100, 100, 0.45, 1, 0, 50, 90, 50, 1000, Map.of(), second);
        assertThat(a.clearlyLessAccurateThan(b)).isFalse();
        assertThat(a.correct().cardinality()).isEqualTo(40);
    }
}
