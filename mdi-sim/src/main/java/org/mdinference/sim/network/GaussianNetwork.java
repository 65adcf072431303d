package org.mdinference.sim.network;

import java.util.SplittableRandom;
import org.mdinference.traces.Network;
import org.mdinference.traces.NetworkTimes;

/**
 * A network whose one-way time is normally distributed, truncated to positive values by drawing again (a
 * network takes time; the paper's Gaussians would otherwise give some requests a negative one).
 *
 * <p>The paper counts one draw for both directions of a request, so its upload and return are equal; the
 * independent convention draws each direction on its own, as two separate transfers would behave.
 */
public final class GaussianNetwork implements Network {

    private final String name;
    private final double meanMs;
    private final double stdMs;
    private final boolean oneDrawBothWays;

    private GaussianNetwork(String name, double meanMs, double stdMs, boolean oneDrawBothWays) {
        if (!(meanMs > 0) || !Double.isFinite(meanMs)) {
            throw new IllegalArgumentException(name + ": mean one-way time must be a positive number of ms, got " + meanMs);
        }
        if (!(stdMs >= 0) || !Double.isFinite(stdMs)) {
            throw new IllegalArgumentException(name + ": standard deviation must be a non-negative number of ms, got "
                    + stdMs);
        }
        this.name = name;
        this.meanMs = meanMs;
        this.stdMs = stdMs;
        this.oneDrawBothWays = oneDrawBothWays;
    }

    /**
     * The paper's convention: one draw per request, counted for the upload and again for the return.
     *
     * @throws IllegalArgumentException when the mean is not positive or the deviation is negative
     */
    public static GaussianNetwork paperConvention(String name, double meanMs, double stdMs) {
        return new GaussianNetwork(name, meanMs, stdMs, true);
    }

    /**
     * Upload and return drawn independently from the same distribution.
     *
     * @throws IllegalArgumentException when the mean is not positive or the deviation is negative
     */
    public static GaussianNetwork independentDraws(String name, double meanMs, double stdMs) {
        return new GaussianNetwork(name, meanMs, stdMs, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NetworkTimes sample(int requests, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] uploadMs = new double[requests];
        double[] returnMs = new double[requests];
        for (int i = 0; i < requests; i++) {
            uploadMs[i] = oneWayMs(random);
            returnMs[i] = oneDrawBothWays ? uploadMs[i] : oneWayMs(random);
        }
        return new NetworkTimes(uploadMs, returnMs);
    }

    private double oneWayMs(SplittableRandom random) {
        return TruncatedNormal.positive(random, meanMs, stdMs);
    }

    @Override
    public String toString() {
        return name;
    }
}
