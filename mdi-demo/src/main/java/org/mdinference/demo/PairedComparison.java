package org.mdinference.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mdinference.sim.report.Csv;

/**
 * One arm of a demo against a baseline arm on the same images, image by image: in one cell (network and SLA), or
 * pooled over all cells of the run ({@value #ALL}). An arm is what a row of the demo measured under one name
 * ({@link DemoRow#arm()}): a policy, with {@value DemoRow#GATED_SUFFIX} when it ran with the device's confidence gate.
 * The gate's own comparison, each arm with the gate against the same without, is {@link GateComparison}.
 *
 * @param network  the network, or {@value #ALL} for the pooled comparison
 * @param sla      the SLA in ms as the table prints it, or {@value #ALL}
 * @param arm      arm A, the one compared
 * @param baseline arm B, the one compared against
 * @param pairs    A against B, image by image
 */
public record PairedComparison(String network, String sla, String arm, String baseline, PairedAccuracy pairs) {

    /** The network and SLA of a comparison pooled over every cell. */
    public static final String ALL = "all";

    /**
     * Every arm of {@code rows} but the baseline against the baseline's row of the same network, SLA and gate (a
     * gated policy against the baseline policy gated too), in the rows' order; then, where a run has more than one
     * cell, each arm pooled over them all (each image of each cell one pair). Empty when the baseline policy is not
     * among the rows.
     *
     * @param baseline the baseline's policy
     */
    public static List<PairedComparison> against(String baseline, List<DemoRow> rows) {
        Map<String, DemoRow> baselines = new LinkedHashMap<>();
        rows.stream().filter(row -> row.policy().equals(baseline)).forEach(row -> baselines.put(cell(row), row));
        List<PairedComparison> cells = new ArrayList<>();
        Map<String, PairedAccuracy> pooled = new LinkedHashMap<>();
        Map<String, Integer> cellsOfArm = new LinkedHashMap<>();
        Map<String, String> baselineOfArm = new LinkedHashMap<>();
        for (DemoRow row : rows) {
            Optional<DemoRow> base = Optional.ofNullable(baselines.get(cell(row)));
            if (row.policy().equals(baseline) || base.isEmpty()) {
                continue;
            }
            PairedAccuracy pairs = row.pairedWith(base.get());
            cells.add(new PairedComparison(row.network(), Csv.sla(row.slaMs()), row.arm(), base.get().arm(), pairs));
            pooled.merge(row.arm(), pairs, PairedAccuracy::plus);
            cellsOfArm.merge(row.arm(), 1, Integer::sum);
            baselineOfArm.put(row.arm(), base.get().arm());
        }
        List<PairedComparison> all = new ArrayList<>(cells);
        pooled.forEach((arm, pairs) -> {
            if (cellsOfArm.get(arm) > 1) {
                all.add(new PairedComparison(ALL, ALL, arm, baselineOfArm.get(arm), pairs));
            }
        });
        return all;
    }

    private static String cell(DemoRow row) {
        return row.network() + '\n' + row.slaMs() + '\n' + row.gate();
    }
}
