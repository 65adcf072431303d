package org.mdinference.sim.network;

import java.util.random.RandomGenerator;

/**
 * Normal draws truncated to positive values by redrawing, as the paper's simulator draws its network and inference
 * times: a time of zero or less does not exist, and clamping would pile probability onto zero.
 */
public final class TruncatedNormal {

    private TruncatedNormal() {
    }

    public static double positive(RandomGenerator random, double mean, double std) {
        double drawn;
        do {
            drawn = mean + std * random.nextGaussian();
        } while (drawn <= 0);
        return drawn;
    }
}
