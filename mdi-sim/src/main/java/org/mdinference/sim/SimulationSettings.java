package org.mdinference.sim;

import java.util.Objects;
import java.util.Optional;
import org.mdinference.core.Model;
import org.mdinference.core.Zoo;

/**
 * Everything a sweep holds fixed: the cloud's pool of models, the device's own model (which answers when the
 * cloud is late, if duplication is on), what policies know of the network, and how many requests are drawn from
 * which seed.
 */
public record SimulationSettings(Zoo pool, Optional<Model> device, boolean duplication, Knowledge knowledge,
                                 int requests, long seed) {

    public SimulationSettings {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(knowledge, "knowledge");
        if (duplication && device.isEmpty()) {
            throw new IllegalArgumentException("duplication needs an on-device model");
        }
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1, got " + requests);
        }
    }
}
