package org.mdinference.sim;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.mdinference.core.LatencyProfile;
import org.mdinference.core.Model;
import org.mdinference.core.NetworkEstimator;
import org.mdinference.core.TimeSpread;
import org.mdinference.sim.network.TruncatedNormal;
import org.mdinference.traces.Network;
import org.mdinference.traces.NetworkTimes;

/**
 * The requests of a sweep on one network, drawn once: their true network times, the return time a policy is
 * told, and how long every model (and the device) would take on each. Every policy at every SLA meets the very
 * same requests, so their differences are the policies' alone and the oracle bounds each request.
 */
final class Workload {

    final NetworkTimes network;
    /** The return time the policy believes, per request: the truth, or the device's running estimate. */
    final double[] believedReturnMs;
    /** The return trips the device reports, per request: the truth alone, or those it saw last. */
    final TimeSpread[] believedReturns;
    /** inferenceMs[request][model], models in pool order. */
    final double[][] inferenceMs;
    final double[] deviceMs;

    private Workload(NetworkTimes network, double[] believedReturnMs, TimeSpread[] believedReturns,
                     double[][] inferenceMs, double[] deviceMs) {
        this.network = network;
        this.believedReturnMs = believedReturnMs;
        this.believedReturns = believedReturns;
        this.inferenceMs = inferenceMs;
        this.deviceMs = deviceMs;
    }

    static Workload draw(Network network, SimulationSettings settings) {
        int requests = settings.requests();
        NetworkTimes times = network.sample(requests, settings.seed());
        SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x9E3779B97F4A7C15L);

        double[][] inference = new double[requests][settings.pool().size()];
        double[] device = new double[requests];
        LatencyProfile deviceLatency = settings.device().map(Model::latency).orElse(null);
        for (int i = 0; i < requests; i++) {
            for (int m = 0; m < settings.pool().size(); m++) {
                LatencyProfile latency = settings.pool().models().get(m).latency();
                inference[i][m] = TruncatedNormal.positive(random, latency.meanMs(), latency.stdMs());
            }
            device[i] = deviceLatency == null
                    ? Double.POSITIVE_INFINITY
                    : TruncatedNormal.positive(random, deviceLatency.meanMs(), deviceLatency.stdMs());
        }
        double[] believedMs = new double[requests];
        TimeSpread[] believed = new TimeSpread[requests];
        believe(times, settings.knowledge(), believedMs, believed);
        return new Workload(times, believedMs, believed, inference, device);
    }

    int size() {
        return deviceMs.length;
    }

    private static void believe(NetworkTimes times, Knowledge knowledge, double[] returnMs, TimeSpread[] returns) {
        NetworkEstimator estimator = NetworkEstimator.fresh();
        TimeSpread all = TimeSpread.summarising(times.returnMs(), NetworkEstimator.SPREAD_POINTS);
        double meanMs = Arrays.stream(times.returnMs()).average().orElse(0);
        for (int i = 0; i < returnMs.length; i++) {
            switch (knowledge) {
                case TRUE -> {
                    returnMs[i] = times.returnMs()[i];
                    returns[i] = TimeSpread.of(returnMs[i]);
                }
                case ESTIMATED -> {
                    returnMs[i] = estimator.expectedReturnMs(times.uploadMs()[i]);
                    returns[i] = estimator.recentReturns(times.uploadMs()[i]);
                    estimator = estimator.observe(times.uploadMs()[i], times.returnMs()[i]);
                }
                case DISTRIBUTION -> {
                    returnMs[i] = meanMs;
                    returns[i] = all;
                }
            }
        }
    }
}
