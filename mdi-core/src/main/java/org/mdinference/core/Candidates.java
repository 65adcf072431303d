package org.mdinference.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One request's view of the zoo, which every policy decides alike ({@link ZooDecider#decide(Candidates)}): its
 * budget, the zoo at its batch size, and the members it may go to. A server lets several policies decide the same
 * request on one view, so that what it reports of each is measured on the same budget.
 *
 * @param request  what the request brought
 * @param budget   its budget, the server's time and every member's queue taken into account
 * @param seen     the zoo at the request's batch size ({@link ZooBatching#atBatchOf})
 * @param eligible the members of {@code seen} it may go to: those that take its items in one batch, may be used
 *                 now and, when the device named its accuracy, beat the device; empty when none does
 */
public record Candidates(ZooRequest request, Budget budget, Zoo seen, Optional<Zoo> eligible) {

    public Candidates {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(seen, "seen");
        Objects.requireNonNull(eligible, "eligible");
    }

    /** The chance that the model's answer reaches the device by the deadline ({@link Budget#arrivalChance}). */
    public double arrivalChance(Model model) {
        return budget.arrivalChance(model);
    }

    /**
     * The accuracy the device can expect when the request goes to this model: {@code P x top1 + (1 - P) x
     * top1(device)} when the device named its own model's accuracy (its answer covers a late one), else {@code P x
     * top1} (a late answer is no answer).
     */
    public double expectedAccuracy(Model model) {
        double chance = arrivalChance(model);
        return ExpectedAccuracyPolicy.expected(chance, model.accuracy(), request.minAccuracy().orElse(0.0));
    }

    /**
     * The cloud's share of the device's expected accuracy under this decision, counting only answers expected by the
     * deadline: {@code P x top1} of the member that runs, 0 when no model fits (nothing runs).
     */
    public double expectedEffectiveAccuracy(Decision decision) {
        return decision instanceof Decision.Run ? arrivalChance(decision.model()) * decision.model().accuracy() : 0;
    }
}
