package org.mdinference.core;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random zoos for property tests: 1 to 25 models with accuracies in [0.3, 0.9] and latencies of 1 to 600 ms. */
final class Zoos {

    private Zoos() {
    }

    static Arbitrary<Model> models(int index) {
        return Combinators.combine(
                        Arbitraries.doubles().between(0.3, 0.9),
                        Arbitraries.doubles().between(1, 600),
                        Arbitraries.doubles().between(0, 40))
                .as((accuracy, mean, std) -> new Model("m" + index, accuracy, mean, std));
    }

    static Arbitrary<Zoo> zoos() {
        return Arbitraries.integers().between(1, 25).flatMap(size -> {
            List<Arbitrary<Model>> parts = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                parts.add(models(i));
            }
            return Combinators.combine(parts).as(Zoo::new);
        });
    }
}
