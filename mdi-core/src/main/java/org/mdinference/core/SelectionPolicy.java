package org.mdinference.core;

/**
 * Picks the model that answers one request, knowing the zoo and the request's budget. Implementations are cheap
 * enough to run on every request (no allocation on the decision path) and safe to share between threads.
 */
public interface SelectionPolicy {

    /** The model to run; never null, always a member of {@code zoo}. */
    Model select(Zoo zoo, Budget budget);

    /** The policy's name as users type it, e.g. {@code mdinference}. */
    String name();
}
