package org.mdinference.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mdinference.sim.report.Csv;

/**
 * One policy with the device's confidence gate (arm A) against the same policy without it (arm B), on the same images
 * in the same order: in one cell (network, policy, SLA), or pooled over cells ({@value PairedComparison#ALL}). Beside
 * the paired accuracies, what the gate is for: the cloud requests and the bytes each arm sent.
 *
 * @param network  the network, or {@value PairedComparison#ALL} for a pooled comparison
 * @param sla      the SLA in ms as the table prints it, or {@value PairedComparison#ALL}
 * @param policy   the policy both arms ran, or {@value PairedComparison#ALL} when pooled over several
 * @param pairs    gated (A) against ungated (B), image by image
 * @param requestsOff cloud requests without the gate
 * @param requestsOn  cloud requests with the gate
 * @param bytesOff    bytes sent upstream without the gate
 * @param bytesOn     bytes sent upstream with the gate
 */
public record GateComparison(String network, String sla, String policy, PairedAccuracy pairs, long requestsOff,
                             long requestsOn, long bytesOff, long bytesOn) {

    /**
     * Every gated row of {@code rows} against the ungated row of the same network, policy and SLA, in the rows'
     * order; then, where there is more than one such cell, each policy pooled over its cells, and, where more than
     * one policy ran, all of them pooled. Empty when no cell ran in both arms.
     */
    public static List<GateComparison> of(List<DemoRow> rows) {
        Map<String, DemoRow> ungated = new LinkedHashMap<>();
        rows.stream().filter(row -> !row.gate()).forEach(row -> ungated.put(cell(row), row));
        List<GateComparison> cells = new ArrayList<>();
        Map<String, GateComparison> byPolicy = new LinkedHashMap<>();
        Map<String, Integer> cellsOfPolicy = new LinkedHashMap<>();
        for (DemoRow on : rows) {
            Optional<DemoRow> off = Optional.ofNullable(ungated.get(cell(on)));
            if (!on.gate() || off.isEmpty()) {
                continue;
            }
            GateComparison c = new GateComparison(on.network(), Csv.sla(on.slaMs()), on.policy(),
                    on.pairedWith(off.get()), off.get().cloudRequests(), on.cloudRequests(), off.get().bytesSent(),
                    on.bytesSent());
            cells.add(c);
            byPolicy.merge(on.policy(), c.pooledAs(on.policy()), GateComparison::plus);
            cellsOfPolicy.merge(on.policy(), 1, Integer::sum);
        }
        List<GateComparison> all = new ArrayList<>(cells);
        byPolicy.forEach((policy, pooled) -> {
            if (cellsOfPolicy.get(policy) > 1) {
                all.add(pooled);
            }
        });
        if (byPolicy.size() > 1) {
            all.add(byPolicy.values().stream().map(c -> c.pooledAs(PairedComparison.ALL))
                    .reduce(GateComparison::plus).orElseThrow());
        }
        return all;
    }

    /** How many times fewer cloud requests the gate made: off over on; infinite when it made none. */
    public double requestsRatio() {
        return ratio(requestsOff, requestsOn);
    }

    /** How many times fewer bytes the gate sent upstream: off over on; infinite when it sent none. */
    public double bytesRatio() {
        return ratio(bytesOff, bytesOn);
    }

    private GateComparison pooledAs(String policyName) {
        return new GateComparison(PairedComparison.ALL, PairedComparison.ALL, policyName, pairs, requestsOff,
                requestsOn, bytesOff, bytesOn);
    }

    private GateComparison plus(GateComparison other) {
        return new GateComparison(network, sla, policy, pairs.plus(other.pairs), requestsOff + other.requestsOff,
                requestsOn + other.requestsOn, bytesOff + other.bytesOff, bytesOn + other.bytesOn);
    }

    private static double ratio(long off, long on) {
        return on == 0 ? (off == 0 ? 1 : Double.POSITIVE_INFINITY) : (double) off / on;
    }

    private static String cell(DemoRow row) {
        return row.network() + '\n' + row.policy() + '\n' + row.slaMs();
    }
}
