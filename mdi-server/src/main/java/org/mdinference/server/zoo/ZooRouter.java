package org.mdinference.server.zoo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.mdinference.core.Decision;
import org.mdinference.core.Policies;
import org.mdinference.core.QueueWaits;
import org.mdinference.core.TimeSpread;
import org.mdinference.core.ZooBatching;
import org.mdinference.core.ZooDecider;
import org.mdinference.core.ZooRequest;
import org.mdinference.protocol.PolicyNames;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.server.scheduling.LiveProfiles;

/**
 * The server's side of the zoo's decision, which is core's {@link ZooDecider}: this finds the policy a request
 * names, and hands the decider what only a running server knows: the live profiles, each member's queue and how
 * long the request has been in the server.
 *
 * <p>Every policy of the core is created once, so the random policy's sequence runs on across requests.
 */
public final class ZooRouter {

    private final LiveProfiles profiles;
    private final QueueWaits waits;
    private final String defaultPolicy;
    private final Map<String, ZooDecider> deciders = new LinkedHashMap<>();

    /**
     * @param batching each member's batch costs and the most items one request may bring to it
     * @param gamma    MDInference's margin in standard deviations
     * @param seed     seeds the random policy
     * @throws IllegalArgumentException for an unknown default policy
     */
    public ZooRouter(LiveProfiles profiles, ZooBatching batching, QueueWaits waits, String defaultPolicy,
                     double gamma, long seed) {
        this.profiles = profiles;
        this.waits = waits;
        for (String name : Policies.NAMES) {
            deciders.put(name, new ZooDecider(Policies.create(name, seed, gamma), batching));
        }
        this.defaultPolicy = PolicyNames.check(defaultPolicy);
    }

    /**
     * @param items   the inputs the request holds, which run as one batch on the member chosen
     * @param spentMs time the server has spent on this request so far
     * @param parameters the request's, read and checked (a policy they name is a known one)
     * @param usable  the members that may be chosen, by name: those in service that have not failed this request
     */
    public Decision decide(RequestParameters parameters, int items, double spentMs, Predicate<String> usable) {
        String name = parameters.policy().orElse(defaultPolicy);
        ZooDecider decider = deciders.get(name);
        ZooRequest request = new ZooRequest(parameters.slaMs(), parameters.elapsedMs(),
                parameters.returnOrElapsedMs(), items, parameters.minAccuracy().isPresent()
                        ? Optional.of(parameters.minAccuracy().getAsDouble()) : Optional.empty(),
                TimeSpread.of(parameters.returnQuantilesMs()));
        return decider.decide(profiles.zoo(), request, spentMs, waits, model -> usable.test(model.name()));
    }
}
