package org.mdinference.server.zoo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mdinference.core.Budget;
import org.mdinference.core.Model;
import org.mdinference.core.Policies;
import org.mdinference.core.QueueWaits;
import org.mdinference.core.SelectionPolicy;
import org.mdinference.core.Zoo;
import org.mdinference.protocol.PolicyNames;
import org.mdinference.server.scheduling.LiveProfiles;

/**
 * The zoo's decision for one request: the budget is the SLA less the upload and the expected return trip, each
 * model's share of it less the time the server has already spent on the request (reading and decoding it) and
 * that model's expected queue wait now; the policy picks a member from the live profiles.
 * When the pick, queue included, is not expected to finish within the budget, nothing runs: a late answer would
 * burn capacity that requests still in time need, and the device's own answer serves.
 *
 * <p>A request that names the accuracy of the device's own model ({@code min_accuracy}) is decided among the more
 * accurate members only, whatever the policy: any other member's answer would be worse than the one the device
 * already has, and later. When none is more accurate, no model fits.
 *
 * <p>Every policy of the core is created once, so the random policy's sequence runs on across requests.
 */
public final class ZooRouter {

    private final LiveProfiles profiles;
    private final QueueWaits waits;
    private final String defaultPolicy;
    private final Map<String, SelectionPolicy> policies = new LinkedHashMap<>();

    /**
     * @param gamma MDInference's margin in standard deviations
     * @param seed  seeds the random policy
     */
    public ZooRouter(LiveProfiles profiles, QueueWaits waits, String defaultPolicy, double gamma, long seed) {
        this.profiles = profiles;
        this.waits = waits;
        for (String name : Policies.NAMES) {
            policies.put(name, Policies.create(name, seed, gamma));
        }
        this.defaultPolicy = PolicyNames.check(defaultPolicy);
    }

    /**
     * @param spentMs time the server has spent on this request so far
     * @throws IllegalArgumentException when the parameters name an unknown policy (a request's is checked as it is
     *     read, {@link ZooParameters#of})
     */
    public Decision decide(ZooParameters parameters, double spentMs) {
        String name = parameters.policy().orElse(defaultPolicy);
        SelectionPolicy policy = policies.get(PolicyNames.check(name));
        double budgetMs = parameters.slaMs() - parameters.elapsedMs() - parameters.returnMs();
        Budget budget = new Budget(parameters.slaMs(), parameters.elapsedMs() + Math.max(0, spentMs),
                parameters.returnMs(), waits);
        QueueWaits now = budget.queueWaits();
        Zoo live = profiles.zoo();
        Optional<Zoo> candidates = parameters.minAccuracy().isPresent()
                ? live.moreAccurateThan(parameters.minAccuracy().get()) : Optional.of(live);
        if (candidates.isEmpty()) {
            Model best = live.mostAccurate();
            double queueMs = now.waitMs(best);
            return new Decision.NoModelFits(name, best, budgetMs, queueMs, queueMs + best.latency().meanMs());
        }
        Model model = policy.select(candidates.get(), budget);
        double queueMs = now.waitMs(model);
        double finishMs = queueMs + model.latency().meanMs();
        if (finishMs > budget.remainingMs()) {
            return new Decision.NoModelFits(name, model, budgetMs, queueMs, finishMs);
        }
        // the pick is held to the policy's margin when it was chosen with it; a fallback that fits only on its
        // mean (MDInference's fastest, when nothing fits with the margin) is held to its mean, or its queue would
        // always reach it too late and it would be decided, and queued, a second time
        double policyRunMs = policy.runMs(model);
        double runMs = queueMs + policyRunMs <= budget.remainingMs() ? policyRunMs : model.latency().meanMs();
        return new Decision.Run(name, model, budgetMs, queueMs, budgetMs - runMs);
    }
}
