package org.mdinference.core;

import java.util.Random;

/** A model drawn uniformly from the zoo on every request; seeded, so runs repeat. */
public final class RandomPolicy implements SelectionPolicy {

    // java.util.Random rather than SplittableRandom: a server shares one policy between request threads
    private final Random random;

    public RandomPolicy(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public Model select(Zoo zoo, Budget budget) {
        return zoo.models().get(random.nextInt(zoo.size()));
    }

    @Override
    public String name() {
        return "random";
    }
}
