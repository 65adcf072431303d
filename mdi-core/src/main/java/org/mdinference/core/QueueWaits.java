package org.mdinference.core;

/**
 * How long a request sent to a model would wait in that model's queue before its inference starts, as the server
 * sees it at the moment of the decision. The paper ignores load; a real server must not, or under load it keeps
 * choosing a model whose queue alone already misses the deadline.
 */
@FunctionalInterface
public interface QueueWaits {

    /** No queues: the paper's setting, and the simulator's. */
    QueueWaits NONE = model -> 0;

    /** The expected wait before a request sent to {@code model} now starts its inference. */
    double waitMs(Model model);

    /**
     * How far that wait may stray from its expectation, as a standard deviation: a queue of k batches ahead is k
     * draws of the batch latency, not k means. 0 unless the queues say otherwise.
     */
    default double waitStdMs(Model model) {
        return 0;
    }

    /**
     * The waits a request of {@code items} items would meet: it runs as one batch of that many, so it joins the
     * items queued last only when they fit in one batch together, and the batch it joins costs more than a lone
     * batch of its own items (which the decision already counts, {@link ZooBatching}). Waits that do not depend on
     * the request's size, such as {@link #NONE}, are the same for every size: the default is this view itself.
     *
     * @throws IllegalArgumentException when {@code items} is less than 1
     */
    default QueueWaits forItems(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("a request holds at least one item, got " + items);
        }
        return this;
    }

    /**
     * The waits for one decision, which {@link Budget} takes: a policy asks each model's wait several times (its
     * share of the budget, its margin, which finishes first), and every answer should describe the same moment.
     * Queues that are costly to read return a view that reads each once; the default is this view itself.
     */
    default QueueWaits snapshot() {
        return this;
    }
}
