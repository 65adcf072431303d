package org.mdinference.core;

/**
 * The paper's naive baseline: the most accurate model whose mean latency fits the whole SLA, as if the network
 * cost nothing; the fastest when none does. It shows what ignoring the network and the latency spread costs.
 */
public final class GreedyPolicy implements SelectionPolicy {

    @Override
    public Model select(Zoo zoo, Budget budget) {
        for (int rank = 0; rank < zoo.size(); rank++) {
            Model candidate = zoo.byAccuracy(rank);
            if (candidate.latency().meanMs() < budget.slaMs()) {
                return candidate;
            }
        }
        return zoo.fastest();
    }

    @Override
    public String name() {
        return "greedy";
    }
}
