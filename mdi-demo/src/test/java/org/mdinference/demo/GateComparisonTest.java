package org.mdinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateComparisonTest {

    /** A cell of 10 images of which {@code right} were answered right, with its cloud requests and bytes. */
    private static DemoRow row(String network, String policy, boolean gate, long requests, long bytes,
                               int... right) {
        BitSet correct = new BitSet();
        for (int image : right) {
            correct.set(image);
        }
        return new DemoRow(network, policy, gate, 100, 10, right.length / 10.0, 1, 0, 50, 90, 50, bytes, requests,
                Map.of(), correct, List.of());
    }

    @Test
    void eachGatedCellMeetsItsUngatedTwinThenEachPolicyAndAllArePooled() {
        List<DemoRow> rows = List.of(
                row("3g", "mdinference", false, 10, 10_000, 0, 1, 2, 3, 4, 5, 6, 7, 8),
                row("3g", "mdinference", true, 2, 2_100, 0, 1, 2, 3, 4, 5, 6, 7, 9),
                row("5g", "mdinference", false, 10, 10_000, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
                row("5g", "mdinference", true, 3, 3_000, 0, 1, 2, 3, 4, 5, 6, 7),
                row("5g", "greedy", false, 10, 9_000, 0, 1),
                row("5g", "greedy", true, 5, 4_500, 0, 1));

        List<GateComparison> gate = GateComparison.of(rows);

        assertThat(gate).containsExactly(
                new GateComparison("3g", "100", "mdinference", new PairedAccuracy(8, 1, 1, 0), 10, 2, 10_000, 2_100),
                new GateComparison("5g", "100", "mdinference", new PairedAccuracy(8, 0, 2, 0), 10, 3, 10_000, 3_000),
                new GateComparison("5g", "100", "greedy", new PairedAccuracy(2, 0, 0, 8), 10, 5, 9_000, 4_500),
                new GateComparison(PairedComparison.ALL, PairedComparison.ALL, "mdinference",
                        new PairedAccuracy(16, 1, 3, 0), 20, 5, 20_000, 5_100),
                new GateComparison(PairedComparison.ALL, PairedComparison.ALL, PairedComparison.ALL,
                        new PairedAccuracy(18, 1, 3, 8), 30, 10, 29_000, 9_600));
        assertThat(gate.get(0).requestsRatio()).isEqualTo(5.0);
        assertThat(gate.get(0).bytesRatio()).isCloseTo(4.7619, org.assertj.core.data.Offset.offset(1e-4));
        // arm A is the gate on: it lost the 5g cell's images 8 and 9
        assertThat(gate.get(1).pairs().difference()).isEqualTo(-0.2);
    }

    @Test
    void aRunWithoutBothArmsHasNothingToCompareAndPrintsNothing() {
        assertThat(GateComparison.of(List.of(row("3g", "mdinference", false, 10, 10_000, 0)))).isEmpty();
        assertThat(GateComparison.of(List.of(row("3g", "mdinference", true, 1, 1_000, 0)))).isEmpty();
        StringWriter printed = new StringWriter();
        GateComparisonTable.print(new PrintWriter(printed, true), List.of());
        assertThat(printed.toString()).isEmpty();
    }

    @Test
    void aGateThatSentNothingIsAllFewerNotADivisionByZero() {
        GateComparison none = new GateComparison("3g", "100", "mdinference", new PairedAccuracy(9, 0, 1, 0), 10, 0,
                10_000, 0);
        assertThat(none.requestsRatio()).isInfinite();
        StringWriter printed = new StringWriter();
        GateComparisonTable.print(new PrintWriter(printed, true), List.of(none));
        assertThat(printed.toString()).contains("Gate on against gate off", " all ", "90.00 %", "100.00 %", "-10.00",
                "1.0000");
    }
}
