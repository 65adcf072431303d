package org.mdinference.core;

/**
 * What the zoo decided for one request ({@link ZooDecider}): a member to run, or that none is expected to finish
 * within the budget. Either way it names the policy that chose, the request's budget (time left for queueing and
 * inference, as the request sent it) and a model with its expected queue wait at the moment of the decision. The
 * model is seen at the request's batch size: its latency is that of a batch of all the request's items.
 */
public sealed interface Decision permits Decision.Run, Decision.NoModelFits {

    /** The name of the policy that chose. */
    String policy();

    /** {@code sla - elapsed - return}: the request's own budget, before the server's time and any queue. */
    double budgetMs();

    /**
     * The member the request goes to; when no model fits, the one closest to fitting. A system without admission,
     * as the paper's and the simulator's, sends the request to that model all the same and lets the deadline rule
     * decide whether its late answer still counts.
     */
    Model model();

    /** The model's expected queue wait at the decision. */
    double expectedQueueMs();

    /**
     * The policy's choice, queue included, is expected to finish in time.
     *
     * @param latestStartMs how long after the request arrived the model's queue must reach it: the budget less the
     *                      time the policy holds the model to once it starts ({@link SelectionPolicy#runMs}), or
     *                      less its mean for a pick that fits only on its mean (MDInference's fallback)
     */
    record Run(String policy, Model model, double budgetMs, double expectedQueueMs, double latestStartMs)
            implements Decision {
    }

    /**
     * Nothing is expected to finish in time: the server answers at once and the device's own answer serves.
     *
     * @param model            the policy's pick, whose expected finish exceeds what is left; or, when no member
     *                         was eligible (none takes the request's items in one batch, or none is more accurate
     *                         than the device), the most accurate member
     * @param expectedFinishMs that model's expected queue wait plus mean latency
     */
    record NoModelFits(String policy, Model model, double budgetMs, double expectedQueueMs,
                       double expectedFinishMs) implements Decision {
    }
}
