package org.mdinference.core;

import java.util.Objects;

/**
 * One model of a zoo: its name, its top-1 accuracy as a fraction in [0, 1], and its latency profile on the
 * serving hardware.
 */
public record Model(String name, double accuracy, LatencyProfile latency) {

    public Model {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(latency, "latency");
        if (name.trim().isEmpty()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException(
                    "accuracy of " + name + " must be a fraction in [0, 1], got " + accuracy);
        }
    }

    public Model(String name, double accuracy, double meanMs, double stdMs) {
        this(name, accuracy, new LatencyProfile(meanMs, stdMs));
    }

    /** This model with an updated latency profile. */
    public Model withLatency(LatencyProfile profile) {
        return new Model(name, accuracy, profile);
    }
}
