package org.mdinference.core;

/** Always the most accurate model, whatever the budget: the accuracy a static deployment would choose. */
public final class StaticAccuracyPolicy implements SelectionPolicy {

    @Override
    public Model select(Zoo zoo, Budget budget) {
        return zoo.mostAccurate();
    }

    @Override
    public String name() {
        return "static-accuracy";
    }
}
