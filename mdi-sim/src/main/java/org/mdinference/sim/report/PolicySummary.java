package org.mdinference.sim.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mdinference.sim.ResultRow;

/**
 * One policy on one network, over all the SLAs of a sweep: a line of the report's summary table.
 *
 * @param meanAccuracy         mean aggregate accuracy over the SLAs
 * @param meanFractionOfOracle mean of accuracy / oracle accuracy over the SLAs where the oracle's is above 0; NaN
 *                             when there is none
 * @param minSlaAttainment     the worst SLA attainment of any SLA
 * @param mostUsedModel        the model that answered most requests over all SLAs, the earlier one on a tie;
 *                             empty when no row counts model usage
 * @param mostUsedShare        that model's share of the counted requests
 */
record PolicySummary(String policy, double meanAccuracy, double meanFractionOfOracle, double minSlaAttainment,
                     Optional<String> mostUsedModel, double mostUsedShare) {

    /** Summarises {@code rows}, which are all of {@code policy} on one network. */
    static PolicySummary of(String policy, List<ResultRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to summarise for policy " + policy);
        }
        Map<String, Long> usage = new LinkedHashMap<>();
        for (ResultRow row : rows) {
            row.modelUsage().forEach((model, requests) -> usage.merge(model, (long) requests, Long::sum));
        }
        long counted = usage.values().stream().mapToLong(Long::longValue).sum();
        Optional<Map.Entry<String, Long>> most = usage.entrySet().stream()
                .reduce((a, b) -> b.getValue() > a.getValue() ? b : a)
                .filter(e -> e.getValue() > 0);
        return new PolicySummary(policy,
                rows.stream().mapToDouble(ResultRow::aggregateAccuracy).average().orElseThrow(),
                rows.stream().mapToDouble(ResultRow::fractionOfOracle).filter(f -> !Double.isNaN(f))
                        .average().orElse(Double.NaN),
                rows.stream().mapToDouble(ResultRow::slaAttainment).min().orElseThrow(),
                most.map(Map.Entry::getKey),
                most.map(e -> (double) e.getValue() / counted).orElse(0.0));
    }
}
