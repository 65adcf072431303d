package org.mdinference.core;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The zoo's decision for one request, the one the server serves and the simulator replays:
 *
 * <ol>
 *   <li><b>Budget.</b> The request leaves {@code sla - elapsed - return} for queueing and inference (the paper's
 *       {@code t_budget}); each member's share is that less the time the server has already spent on the request
 *       and less the member's expected queue wait for a request of this many items ({@link QueueWaits#forItems}).
 *   <li><b>Eligible members.</b> A request of n items runs as one batch of n, so the zoo is seen at batch size n
 *       ({@link ZooBatching#atBatchOf}) and a member whose max batch is smaller than n is not eligible: run there
 *       it would be split or late, and this decision never budgets it as less than it is. When the device named
 *       the accuracy of its own model, only more accurate members are eligible, whatever the policy: any other's
 *       answer would be worse than the one the device already has, and later.
 *   <li><b>Selection.</b> The policy picks one of the eligible members, as the paper's policies do for one item.
 *   <li><b>Admission.</b> When the pick's expected queue wait plus mean latency exceeds what is left, nothing runs
 *       ({@link Decision.NoModelFits}): a late answer would burn capacity that requests still in time need, and
 *       the device's own answer serves. The same answer comes when no member is eligible.
 *   <li><b>Late binding.</b> Otherwise the pick runs ({@link Decision.Run}) if its queue reaches the request by
 *       the budget less the run the policy holds it to ({@link SelectionPolicy#runMs}); a server that comes to it
 *       later decides again with the time then left.
 * </ol>
 *
 * <p>The paper has no admission: its device gets the cloud's answer whenever it comes and keeps its own when that
 * is late. The simulator reproduces that by sending a {@link Decision.NoModelFits} request to its model all the same
 * ({@link Decision#model()}), so its results are the paper's while its choices are the server's.
 *
 * <p>Immutable and safe to share between threads when the policy is.
 */
public final class ZooDecider {

    private final SelectionPolicy policy;
    private final ZooBatching batching;

    /** @param batching each member's batch costs and max batch; {@link ZooBatching#SINGLE_ITEMS} for one item only */
    public ZooDecider(SelectionPolicy policy, ZooBatching batching) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.batching = Objects.requireNonNull(batching, "batching");
    }

    /**
     * @param zoo     the members with their current batch-of-one profiles
     * @param spentMs time the server has spent on the request so far (reading and decoding it); negative counts
     *                as none
     * @param waits   the members' queues now; {@link QueueWaits#NONE} without queues
     * @throws IllegalArgumentException when a time of the request is not a finite number, or a network time is
     *     negative ({@link Budget})
     */
    public Decision decide(Zoo zoo, ZooRequest request, double spentMs, QueueWaits waits) {
        return decide(zoo, request, spentMs, waits, model -> true);
    }

    /**
     * As {@link #decide(Zoo, ZooRequest, double, QueueWaits)}, among the members a server can use for this request
     * now: not those out of service (a remote member whose endpoints all failed) nor those that already failed it.
     * When none is left, no model fits.
     *
     * @param usable whether a member may be chosen
     */
    public Decision decide(Zoo zoo, ZooRequest request, double spentMs, QueueWaits waits, Predicate<Model> usable) {
        return decide(candidates(zoo, request, spentMs, waits, ObservedRuns.NONE, usable));
    }

    /**
     * The request's view of the zoo that {@link #decide(Candidates)} decides on: its budget, the zoo at its batch
     * size with each member's runs ({@link ZooBatching#atBatchOf(Zoo, int, ObservedRuns)}), and the eligible
     * members. Deciders of the same batching make the same view, so any of them may decide on it.
     *
     * @param zoo     the members with their current batch-of-one profiles (and runs, when watched)
     * @param spentMs time the server has spent on the request so far; negative counts as none
     * @param waits   the members' queues now; {@link QueueWaits#NONE} without queues
     * @param runs    the runs watched at each batch size; {@link ObservedRuns#NONE} when none are kept
     * @param usable  whether a member may be chosen
     * @throws IllegalArgumentException when a time of the request is not a finite number, or a network time is
     *     negative ({@link Budget})
     */
    public Candidates candidates(Zoo zoo, ZooRequest request, double spentMs, QueueWaits waits, ObservedRuns runs,
                                 Predicate<Model> usable) {
        int items = request.items();
        Budget budget = new Budget(request.slaMs(), request.elapsedMs() + Math.max(0, spentMs), request.returnMs(),
                waits.forItems(items), request.returns());
        Zoo seen = batching.atBatchOf(zoo, items, runs);
        Optional<Zoo> eligible = seen.where(m -> usable.test(m) && batching.takes(m, items)
                && request.mayBeBetterThanTheDevice(m));
        return new Candidates(request, budget, seen, eligible);
    }

    /** This policy's decision on a request's view of the zoo ({@link #candidates}). */
    public Decision decide(Candidates candidates) {
        Budget budget = candidates.budget();
        QueueWaits now = budget.queueWaits();
        double budgetMs = candidates.request().budgetMs();
        if (!candidates.eligible().isPresent()) {
            Model closest = candidates.seen().mostAccurate();
            double queueMs = now.waitMs(closest);
            return new Decision.NoModelFits(policy.name(), closest, budgetMs, queueMs,
                    queueMs + closest.latency().meanMs());
        }
        Model pick = policy.select(candidates.eligible().get(), budget, candidates.request());
        double queueMs = now.waitMs(pick);
        double finishMs = queueMs + pick.latency().meanMs();
        if (finishMs > budget.remainingMs()) {
            return new Decision.NoModelFits(policy.name(), pick, budgetMs, queueMs, finishMs);
        }
        // the pick is held to the policy's margin when it was chosen with it; a fallback that fits only on its
        // mean (MDInference's fastest, when nothing fits with the margin) is held to its mean, or its queue would
        // always reach it too late and it would be decided, and queued, a second time
        double policyRunMs = policy.runMs(pick);
        double runMs = queueMs + policyRunMs <= budget.remainingMs() ? policyRunMs : pick.latency().meanMs();
        return new Decision.Run(policy.name(), pick, budgetMs, queueMs, budgetMs - runMs);
    }
}
