package org.mdinference.core;

/** Always the fastest model, whatever the budget: the latency-first static deployment. */
public final class StaticLatencyPolicy implements SelectionPolicy {

    @Override
    public Model select(Zoo zoo, Budget budget) {
        return zoo.fastest();
    }

    @Override
    public String name() {
        return "static-latency";
    }
}
