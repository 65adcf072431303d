package org.mdinference.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** The deployable policies by the names users type. The {@link Oracle} is not one: it needs hindsight. */
public final class Policies {

    /** Names accepted by {@link #create}, in the order reports list them. */
    public static final List<String> NAMES = Collections.unmodifiableList(
            Arrays.asList("mdinference", "expected-accuracy", "greedy", "static-accuracy", "static-latency",
                    "random"));

    private Policies() {
    }

    /**
     * A new policy by name.
     *
     * @param seed seeds the random policy; ignored by the others
     * @throws IllegalArgumentException naming the unknown policy and the known ones
     */
    public static SelectionPolicy create(String name, long seed) {
        return create(name, seed, MDInferencePolicy.DEFAULT_GAMMA);
    }

    /**
     * A new policy by name, MDInference keeping a margin of {@code gamma} standard deviations.
     *
     * @throws IllegalArgumentException naming the unknown policy and the known ones, or for a negative gamma
     */
    public static SelectionPolicy create(String name, long seed, double gamma) {
        return switch (name) {
            case "mdinference" -> new MDInferencePolicy(gamma);
            case "expected-accuracy" -> new ExpectedAccuracyPolicy();
            case "greedy" -> new GreedyPolicy();
            case "static-accuracy" -> new StaticAccuracyPolicy();
            case "static-latency" -> new StaticLatencyPolicy();
            case "random" -> new RandomPolicy(seed);
            default -> throw new IllegalArgumentException(
                    "unknown policy '" + name + "' (known: " + NAMES.stream().collect(Collectors.joining(", ")) + ")");
        };
    }
}
