package org.mdinference.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mdinference.sim.report.Csv;

/**
 * One arm of a demo against a baseline arm on the same images, image by image: in one cell (network and SLA), or
 * pooled over all cells of the run ({@value #ALL}). An arm is what a row of the demo measured under one name: a policy
 * today, any setting a run compares tomorrow.
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
     * Every arm of {@code rows} but the baseline against the baseline's row of the same network and SLA, in the rows'
     * order; then, where a run has more than one cell, each arm pooled over them all (each image of each cell one
     * pair). Empty when the baseline is not among the rows.
     */
    public static List<PairedComparison> against(String baseline, List<DemoRow> rows) {
        Map<String, DemoRow> baselines = new LinkedHashMap<>();
        rows.stream().filter(row -> row.policy().equals(baseline)).forEach(row -> baselines.put(cell(row), row));
        List<PairedComparison> cells = new ArrayList<>();
        Map<String, PairedAccuracy> pooled = new LinkedHashMap<>();
        Map<String, Integer> cellsOfArm = new LinkedHashMap<>();
        for (DemoRow row : rows) {
            Optional<DemoRow> base = Optional.ofNullable(baselines.get(cell(row)));
            if (row.policy().equals(baseline) || base.isEmpty()) {
                continue;
            }
            PairedAccuracy pairs = row.pairedWith(base.get());
            cells.add(new PairedComparison(row.network(), Csv.sla(row.slaMs()), row.policy(), baseline, pairs));
            pooled.merge(row.policy(), pairs, PairedAccuracy::plus);
            cellsOfArm.merge(row.policy(), 1, Integer::sum);
        }
        List<PairedComparison> all = new ArrayList<>(cells);
        pooled.forEach((arm, pairs) -> {
            if (cellsOfArm.get(arm) > 1) {
                all.add(new PairedComparison(ALL, ALL, arm, baseline, pairs));
            }
        });
        return all;
    }

    private static String cell(DemoRow row) {
        return row.network() + '\n' + row.slaMs();
    }
}
