package org.mdinference.server.zoo;

import org.mdinference.core.Model;

/**
 * What the zoo decided for one request: a member to run, or that none is expected to finish within the budget.
 * Either way it carries the budget (time left for queueing and inference) and the chosen model's expected queue
 * wait at the moment of the decision.
 */
public sealed interface Decision permits Decision.Run, Decision.NoModelFits {

    String policy();

    double budgetMs();

    /**
     * The policy's choice, queue included, is expected to finish in time.
     *
     * @param latestStartMs how long after the request arrived the model's queue must reach it: the budget less
     *                      the time the policy holds the model to once it starts ({@code SelectionPolicy.runMs})
     */
    record Run(String policy, Model model, double budgetMs, double expectedQueueMs, double latestStartMs)
            implements Decision {
    }

    /**
     * Even the policy's choice would not finish in time: the server answers at once and the device's own answer
     * serves.
     *
     * @param expectedFinishMs that model's expected queue wait plus inference
     */
    record NoModelFits(String policy, Model closest, double budgetMs, double expectedQueueMs,
                       double expectedFinishMs) implements Decision {
    }
}
