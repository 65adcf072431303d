package org.mdinference.core;

/**
 * Picks the model that answers one request, knowing the zoo and the request's budget. Implementations are cheap
 * enough to run on every request (no allocation on the decision path) and safe to share between threads.
 */
public interface SelectionPolicy {

    /** The model to run; never null, always a member of {@code zoo}. */
    Model select(Zoo zoo, Budget budget);

    /**
     * The model to run for this request, knowing what the device holds of its own: the paper's policies weigh the
     * budget alone ({@link #select(Zoo, Budget)}); one that weighs a late answer against the device's overrides this.
     */
    default Model select(Zoo zoo, Budget budget, ZooRequest request) {
        return select(zoo, budget);
    }

    /**
     * The time this policy holds a chosen model to once it starts: its mean latency, and any margin the policy
     * keeps. A server that finds a queued request with less than this left decides it again (late binding), so a
     * request does not start on a model the policy would no longer choose.
     */
    default double runMs(Model model) {
        return model.latency().meanMs();
    }

    /** The policy's name as users type it, e.g. {@code mdinference}. */
    String name();
}
