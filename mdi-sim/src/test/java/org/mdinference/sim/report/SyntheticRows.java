package org.mdinference.sim.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mdinference.sim.ResultRow;

/** Plausible, deterministic results for report tests: no simulation, just curves of the right shape. */
final class SyntheticRows {

    static final List<String> POLICIES =
            List.of("mdinference", "greedy", "static-accuracy", "static-latency", "random", "oracle");

    private SyntheticRows() {
    }

    /** A sweep of {@code slas} SLAs from 50 ms in steps of 10 ms, for each network and each of {@link #POLICIES}. */
    static List<ResultRow> sweep(List<String> networks, int slas) {
        List<ResultRow> rows = new ArrayList<>();
        for (int n = 0; n < networks.size(); n++) {
            double networkMs = 40 + 30 * n;
            for (int s = 0; s < slas; s++) {
                double sla = 50 + 10 * s;
                double headroom = Math.max(0, sla - networkMs);
                double oracle = 0.55 + 0.25 * (1 - Math.exp(-headroom / 120));
                for (int p = 0; p < POLICIES.size(); p++) {
                    rows.add(row(networks.get(n), POLICIES.get(p), p, sla, networkMs, headroom, oracle));
                }
            }
        }
        return rows;
    }

    private static ResultRow row(String network, String policy, int p, double sla, double networkMs,
                                 double headroom, double oracle) {
        double share = policy.equals("oracle") ? 1 : 0.97 - 0.06 * p;
        double accuracy = policy.equals("static-accuracy") && headroom < 200 ? 0.55 + 0.1 * headroom / 200
                : oracle * share;
        double attainment = policy.equals("static-accuracy") ? Math.min(1, 0.3 + headroom / 300) : 1 - 0.01 * p;
        double reliance = Math.exp(-headroom / (60 + 20 * p));
        double mean = Math.min(sla, networkMs + 0.6 * headroom * share);
        Map<String, Integer> usage = new LinkedHashMap<>();
        usage.put("mobilenet", (int) Math.round(1000 * reliance));
        usage.put("resnet50", (int) Math.round(1000 * (1 - reliance) * (1 - share / 2)));
        usage.put("inception-v4", 1000 - usage.get("mobilenet") - usage.get("resnet50"));
        return new ResultRow(network, policy, sla, 1000, accuracy, attainment, reliance, mean,
                Math.min(sla * 1.1, mean * 1.4), oracle, usage);
    }
}
