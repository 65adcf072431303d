package org.mdinference.sim;

import java.util.Arrays;
import java.util.Optional;
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
    /** The test image each request is, when the sweep draws images; empty when it does not. */
    final int[] image;

    private Workload(NetworkTimes network, double[] believedReturnMs, TimeSpread[] believedReturns,
                     double[][] inferenceMs, double[] deviceMs, int[] image) {
        this.network = network;
        this.believedReturnMs = believedReturnMs;
        this.believedReturns = believedReturns;
        this.inferenceMs = inferenceMs;
        this.deviceMs = deviceMs;
        this.image = image;
    }

    static Workload draw(Network network, SimulationSettings settings) {
        return draw(network, settings, Optional.empty());
    }

    /**
     * With images, each request is also one of them, drawn from a random source of its own: every other draw stays
     * what it is without them, so a sweep with images differs from one without only in what is right.
     */
    static Workload draw(Network network, SimulationSettings settings, Optional<ImageDraws> images) {
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
        int[] image = images.map(draws -> drawImages(draws, requests, settings.seed())).orElse(new int[0]);
        return new Workload(times, believedMs, believed, inference, device, image);
    }

    /** Shuffled rounds over the images: each drawn once a round, the last round cut short. */
    private static int[] drawImages(ImageDraws draws, int requests, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0xD1B54A32D192ED03L);
        int[] round = new int[draws.size()];
        for (int i = 0; i < round.length; i++) {
            round[i] = draws.from() + i;
        }
        int[] image = new int[requests];
        for (int start = 0; start < requests; start += round.length) {
            for (int i = round.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = round[i];
                round[i] = round[j];
                round[j] = swap;
            }
            System.arraycopy(round, 0, image, start, Math.min(round.length, requests - start));
        }
        return image;
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
