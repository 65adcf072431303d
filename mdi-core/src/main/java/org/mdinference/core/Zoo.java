package org.mdinference.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The models one task can be answered with. Immutable; the orderings that policies walk on every request are
 * computed once here, so a selection decision allocates nothing.
 */
public final class Zoo {

    private static final Comparator<Model> MOST_ACCURATE_FIRST = Comparator
            .comparingDouble(Model::accuracy).reversed()
            .thenComparingDouble(m -> m.latency().meanMs());

    private final List<Model> models;
    private final Model[] byAccuracyDescending;
    private final Model fastest;

    public Zoo(List<Model> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a zoo needs at least one model");
        }
        Set<String> names = new HashSet<>();
        for (Model model : models) {
            if (!names.add(model.name())) {
                throw new IllegalArgumentException("model " + model.name() + " appears twice in the zoo");
            }
        }
        this.models = Collections.unmodifiableList(new ArrayList<>(models));
        this.byAccuracyDescending = this.models.toArray(new Model[0]);
        Arrays.sort(byAccuracyDescending, MOST_ACCURATE_FIRST);
        this.fastest = this.models.stream()
                .min(Comparator.comparingDouble((Model m) -> m.latency().meanMs())
                        .thenComparing(Comparator.comparingDouble(Model::accuracy).reversed()))
                .get();
    }

    /** The models in the order they were given. */
    public List<Model> models() {
        return models;
    }

    public int size() {
        return models.size();
    }

    /** The model with the lowest mean latency (the more accurate one on a tie). */
    public Model fastest() {
        return fastest;
    }

    /** The most accurate model (the faster one on a tie). */
    public Model mostAccurate() {
        return byAccuracyDescending[0];
    }

    /** The i-th model in order of decreasing accuracy, for policies that scan from the top. */
    Model byAccuracy(int rank) {
        return byAccuracyDescending[rank];
    }

    /** The position of a model in {@link #models()}, or -1 when it is not in this zoo. */
    public int indexOf(Model model) {
        // policies return this zoo's own instances: comparing references first keeps the simulator's
        // per-request lookup free of record equality (a string compare per model)
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i) == model) {
                return i;
            }
        }
        return models.indexOf(model);
    }

    public Optional<Model> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** This zoo without the named model, as when that model runs on the device instead of in the cloud. */
    public Zoo without(String name) {
        List<Model> rest = new ArrayList<>(models);
        if (!rest.removeIf(m -> m.name().equals(name))) {
            throw new IllegalArgumentException("no model named " + name + " in the zoo");
        }
        return new Zoo(rest);
    }

    /**
     * The models more accurate than {@code accuracy}, as when the device's own model is that good: a cloud answer
     * from any other would be a worse answer that came later. Empty when none is.
     */
    public Optional<Zoo> moreAccurateThan(double accuracy) {
        return where(m -> m.accuracy() > accuracy);
    }

    /**
     * The models that pass {@code test}, in the given order: this zoo itself when every model does (so a decision
     * that rules nothing out builds no zoo), empty when none does.
     */
    public Optional<Zoo> where(Predicate<Model> test) {
        int passing = 0;
        for (Model model : models) {
            if (test.test(model)) {
                passing++;
            }
        }
        if (passing == models.size()) {
            return Optional.of(this);
        }
        return passing == 0 ? Optional.empty()
                : Optional.of(new Zoo(models.stream().filter(test).collect(Collectors.toList())));
    }

    /** This zoo restricted to the named models, in the given order. */
    public Zoo only(List<String> names) {
        List<Model> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(model(name).orElseThrow(
                    () -> new IllegalArgumentException("no model named " + name + " in the zoo")));
        }
        return new Zoo(chosen);
    }

    @Override
    public String toString() {
        return "Zoo" + models.stream().map(Model::name).collect(Collectors.toList());
    }
}
