package org.mdinference.traces;

import java.util.SplittableRandom;

/**
 * A network known only by measured round-trip times (ping probes): request i takes the RTT of sample
 * {@code offset + i}, from a random offset and wrapping at the end, and spends half of it each way. The bytes to
 * transfer are ignored, and so is the base RTT of the transfer settings, since the samples already are the RTT:
 * these traces suit small payloads on fast links, where the round trip dominates.
 */
final class RttNetwork implements Network {

    private final String name;
    private final double[] rttMs;

    /** @throws IllegalArgumentException when there is no sample or a sample is not a positive number of ms */
    RttNetwork(String name, double[] rttMs) {
        if (rttMs.length == 0) {
            throw new IllegalArgumentException("no RTT samples");
        }
        for (int i = 0; i < rttMs.length; i++) {
            if (!(rttMs[i] > 0) || !Double.isFinite(rttMs[i])) {
                throw new IllegalArgumentException("RTT sample " + i + " is " + rttMs[i]
                        + " ms; it must be positive");
            }
        }
        this.name = name;
        this.rttMs = rttMs.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NetworkTimes sample(int requests, long seed) {
        int offset = new SplittableRandom(seed).nextInt(rttMs.length);
        double[] uploadMs = new double[requests];
        for (int i = 0; i < requests; i++) {
            uploadMs[i] = rttMs[(int) ((offset + (long) i) % rttMs.length)] / 2;
        }
        return new NetworkTimes(uploadMs, uploadMs.clone());
    }

    @Override
    public String toString() {
        return name;
    }
}
