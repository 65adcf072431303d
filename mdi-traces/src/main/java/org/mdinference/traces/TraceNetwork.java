package org.mdinference.traces;

import java.util.SplittableRandom;

/**
 * A network replayed from a throughput or packet trace, the way Pensieve's simulator does it: request i starts
 * at {@code offset + i * requestInterval} on the trace's clock, from a random offset, and wraps around at the
 * trace's end. Its upload is half the base RTT plus the time to push the payload through the uplink; its reply
 * leaves when the upload has arrived (server time is the simulator's business, not the network's) and takes half
 * the base RTT plus the time to push the reply through the downlink.
 */
final class TraceNetwork implements Network {

    private final String name;
    private final Link uplink;
    private final Link downlink;
    private final TransferSettings settings;

    private TraceNetwork(String name, Link uplink, Link downlink, TransferSettings settings) {
        this.name = name;
        this.uplink = uplink;
        this.downlink = downlink;
        this.settings = settings;
    }

    /** A trace of the downlink only: the uplink is that link scaled by the settings' uplink scale. */
    static TraceNetwork sharedLink(String name, Link downlink, TransferSettings settings) {
        return new TraceNetwork(name, downlink.scaled(settings.uplinkScale()), downlink, settings);
    }

    /** A trace that measured both directions: each is used as it is, and the uplink scale does not apply. */
    static TraceNetwork separateLinks(String name, Link uplink, Link downlink, TransferSettings settings) {
        return new TraceNetwork(name, uplink, downlink, settings);
    }

    @Override
    public String name() {
        return name;
    }

    Link uplink() {
        return uplink;
    }

    Link downlink() {
        return downlink;
    }

    @Override
    public NetworkTimes sample(int requests, long seed) {
        return replay(new SplittableRandom(seed).nextDouble(uplink.periodMs()), requests);
    }

    /** The times of {@code requests} requests, the first starting {@code offsetMs} into the uplink's trace. */
    NetworkTimes replay(double offsetMs, int requests) {
        double halfRttMs = settings.baseRttMs() / 2;
        double[] uploadMs = new double[requests];
        double[] returnMs = new double[requests];
        for (int i = 0; i < requests; i++) {
            // One clock for both links, even where their traces differ in length; each wraps on its own.
            double startMs = offsetMs + i * settings.requestIntervalMs();
            uploadMs[i] = halfRttMs + uplink.transferMs(startMs, settings.payloadBytes());
            returnMs[i] = halfRttMs + downlink.transferMs(startMs + uploadMs[i], settings.replyBytes());
        }
        return new NetworkTimes(uploadMs, returnMs);
    }

    @Override
    public String toString() {
        return name;
    }
}
