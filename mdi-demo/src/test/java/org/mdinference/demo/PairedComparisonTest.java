package org.mdinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    /** A cell of 10 images of which {@code right} were answered right. */
    private static DemoRow row(String network, String policy, double sla, int... right) {
        return row(network, policy, false, sla, right);
    }

    static DemoRow row(String network, String policy, boolean gate, double sla, int... right) {
        BitSet correct = new BitSet();
        for (int image : right) {
            correct.set(image);
        }
        return new DemoRow(network, policy, gate, sla, 10, right.length / 10.0, 1, 0, 50, 90, 50, 1000, 10, Map.of(),
                correct, List.of());
    }

    @Test
    void eachArmMeetsTheBaselineOfItsOwnCellThenAllCellsPooled() {
        List<DemoRow> rows = List.of(
                row("3g", "mdinference", 100, 0, 1, 2, 3),
                row("3g", "expected-accuracy", 100, 0, 1, 2, 4, 5),
                row("3g", "mdinference", 150, 0, 1),
                row("3g", "expected-accuracy", 150, 1, 2),
                row("5g", "mdinference", 100, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
                row("5g", "expected-accuracy", 100, 0, 1, 2, 3, 4, 5, 6, 7, 8));

        List<PairedComparison> paired = PairedComparison.against("mdinference", rows);

        assertThat(paired).containsExactly(
                new PairedComparison("3g", "100", "expected-accuracy", "mdinference", new PairedAccuracy(3, 2, 1, 4)),
                new PairedComparison("3g", "150", "expected-accuracy", "mdinference", new PairedAccuracy(1, 1, 1, 7)),
                new PairedComparison("5g", "100", "expected-accuracy", "mdinference", new PairedAccuracy(9, 0, 1, 0)),
                new PairedComparison(PairedComparison.ALL, PairedComparison.ALL, "expected-accuracy", "mdinference",
                        new PairedAccuracy(13, 3, 3, 11)));
    }

    @Test
    void aGatedArmMeetsTheBaselineGatedAndNeverTheBaselineWithoutTheGate() {
        List<DemoRow> rows = List.of(
                row("3g", "mdinference", false, 100, 0, 1, 2, 3),
                row("3g", "mdinference", true, 100, 0, 1, 2),
                row("3g", "expected-accuracy", false, 100, 0, 1, 2, 4),
                row("3g", "expected-accuracy", true, 100, 0, 4, 5));

        List<PairedComparison> paired = PairedComparison.against("mdinference", rows);

        assertThat(paired).containsExactly(
                new PairedComparison("3g", "100", "expected-accuracy", "mdinference", new PairedAccuracy(3, 1, 1, 5)),
                new PairedComparison("3g", "100", "expected-accuracy+gate", "mdinference+gate",
                        new PairedAccuracy(1, 2, 2, 5)));
    }

    @Test
    void withoutTheBaselineThereIsNothingToCompareAndNothingPrinted() {
        List<DemoRow> rows = List.of(row("3g", "greedy", 100, 0), row("3g", "random", 100, 1));
        assertThat(PairedComparison.against("mdinference", rows)).isEmpty();
        StringWriter printed = new StringWriter();
        PairedTable.print(new PrintWriter(printed, true), List.of());
        assertThat(printed.toString()).isEmpty();
    }

    @Test
    void theTableShowsTheCountsTheDifferenceItsIntervalAndP() {
        StringWriter printed = new StringWriter();
        PairedTable.print(new PrintWriter(printed, true), List.of(new PairedComparison("3g", "100",
                "expected-accuracy", "mdinference", new PairedAccuracy(1, 1, 7, 12))));
        assertThat(printed.toString()).contains("Paired against mdinference")
                .contains("3g", "100", "expected-accuracy", " 21 ", " 1 ", " 7 ", " 12 ", "-28.57", "[-49.32, -2.85]",
                        "0.0703");
    }
}
