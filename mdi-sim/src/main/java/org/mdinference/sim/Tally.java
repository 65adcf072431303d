package org.mdinference.sim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mdinference.core.Answer;
import org.mdinference.core.Zoo;

/** The answers one policy gave at one SLA, summed up into a {@link ResultRow}. */
final class Tally {

    private final double slaMs;
    private final double[] latencies;
    private final int[] usage;
    private double accuracySum;
    private int inSla;
    private int onDevice;
    private int count;
    private int cloudRequests;

    Tally(double slaMs, int requests, int models) {
        this.slaMs = slaMs;
        this.latencies = new double[requests];
        this.usage = new int[models];
    }

    /** A request sent to the cloud's {@code model}, answered by either side. */
    void add(int model, Answer answer, double accuracy) {
        usage[model]++;
        cloudRequests++;
        addAnswer(answer, accuracy);
    }

    /** A request the device answered alone, sending nothing. */
    void addAlone(Answer answer, double accuracy) {
        addAnswer(answer, accuracy);
    }

    private void addAnswer(Answer answer, double accuracy) {
        latencies[count++] = answer.latencyMs();
        accuracySum += accuracy;
        if (answer.latencyMs() <= slaMs) {
            inSla++;
        }
        if (!answer.fromCloud()) {
            onDevice++;
        }
    }

    int cloudRequests() {
        return cloudRequests;
    }

    double aggregateAccuracy() {
        return accuracySum / count;
    }

    ResultRow toRow(String network, String policy, Zoo pool, double oracleAccuracy) {
        double[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        Map<String, Integer> byModel = new LinkedHashMap<>();
        for (int m = 0; m < usage.length; m++) {
            byModel.put(pool.models().get(m).name(), usage[m]);
        }
        return new ResultRow(network, policy, slaMs, count, aggregateAccuracy(), (double) inSla / count,
                (double) onDevice / count, Arrays.stream(sorted).average().orElse(Double.NaN),
                Percentile.of(sorted, 0.99), oracleAccuracy, byModel);
    }
}
