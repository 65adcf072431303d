package org.mdinference.server.zoo;

import java.util.Objects;
import org.mdinference.core.Candidates;
import org.mdinference.core.Decision;

/**
 * The zoo's decision for one request and the view it was made on: what a reply tells of the chosen member's chances
 * comes from the very budget the policy weighed.
 *
 * @param decision   the policy's decision
 * @param candidates the request's budget and the members it could go to, at the moment of the decision
 */
public record ZooChoice(Decision decision, Candidates candidates) {

    public ZooChoice {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(candidates, "candidates");
    }

    /** The chance that the chosen member's answer reaches the device by the deadline. */
    public double arrivalChance() {
        return candidates.arrivalChance(decision.model());
    }

    /** The accuracy the device can expect of the chosen member ({@link Candidates#expectedAccuracy}). */
    public double expectedAccuracy() {
        return candidates.expectedAccuracy(decision.model());
    }
}
