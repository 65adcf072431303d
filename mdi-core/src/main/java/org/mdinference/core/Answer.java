package org.mdinference.core;

/**
 * The answer a device returns to its app: which side produced it and when it was returned, in ms after the
 * request started.
 */
public record Answer(Source source, double latencyMs) {

    /** Which model's answer the app gets. */
    public enum Source { CLOUD, DEVICE }

    public boolean fromCloud() {
        return source == Source.CLOUD;
    }
}
