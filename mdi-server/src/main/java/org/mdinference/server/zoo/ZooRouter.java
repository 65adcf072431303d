package org.mdinference.server.zoo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.mdinference.core.Candidates;
import org.mdinference.core.Decision;
import org.mdinference.core.Policies;
import org.mdinference.core.QueueWaits;
import org.mdinference.core.TimeSpread;
import org.mdinference.core.Zoo;
import org.mdinference.core.ZooBatching;
import org.mdinference.core.ZooDecider;
import org.mdinference.core.ZooRequest;
import org.mdinference.protocol.PolicyNames;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.server.scheduling.LiveProfiles;

/**
 * The server's side of the zoo's decision, which is core's {@link ZooDecider}: this finds the policy a request
 * names, and hands the decider what only a running server knows: the live profiles and the runs seen of each member
 * at each batch size, each member's queue and how long the request has been in the server.
 *
 * <p>Every policy of the core is created once, so the random policy's sequence runs on across requests. Each is
 * created twice in fact: once to serve, once to decide in the shadow of others ({@link #shadow}), so that the
 * shadows leave the random policy's served sequence as it was.
 */
public final class ZooRouter {

    /** Told, for each policy, the expected effective accuracy of what it would pick for a request. */
    @FunctionalInterface
    public interface Shadows {

        Shadows NONE = (policy, accuracy) -> { };

        /** {@code P x top1} of the policy's pick, 0 when no model fits ({@link Candidates#expectedEffectiveAccuracy}). */
        void expectedEffectiveAccuracy(String policy, double accuracy);
    }

    private final LiveProfiles profiles;
    private final QueueWaits waits;
    private final String defaultPolicy;
    private final Map<String, ZooDecider> deciders = new LinkedHashMap<>();
    private final Map<String, ZooDecider> shadowDeciders = new LinkedHashMap<>();
    private final Shadows shadows;

    /**
     * @param batching each member's batch costs and the most items one request may bring to it
     * @param gamma    MDInference's margin in standard deviations
     * @param seed     seeds the random policy
     * @throws IllegalArgumentException for an unknown default policy
     */
    public ZooRouter(LiveProfiles profiles, ZooBatching batching, QueueWaits waits, String defaultPolicy,
                     double gamma, long seed) {
        this(profiles, batching, waits, defaultPolicy, gamma, seed, Shadows.NONE);
    }

    /** @param shadows told what every policy would expect of each request {@link #shadow} is given */
    public ZooRouter(LiveProfiles profiles, ZooBatching batching, QueueWaits waits, String defaultPolicy,
                     double gamma, long seed, Shadows shadows) {
        this.profiles = profiles;
        this.waits = waits;
        this.shadows = shadows;
        for (String name : Policies.NAMES) {
            deciders.put(name, new ZooDecider(Policies.create(name, seed, gamma), batching));
            shadowDeciders.put(name, new ZooDecider(Policies.create(name, seed, gamma), batching));
        }
        this.defaultPolicy = PolicyNames.check(defaultPolicy);
    }

    /**
     * @param items   the inputs the request holds, which run as one batch on the member chosen
     * @param spentMs time the server has spent on this request so far
     * @param parameters the request's, read and checked (a policy they name is a known one)
     * @param usable  the members that may be chosen, by name: those in service that have not failed this request
     */
    public ZooChoice decide(RequestParameters parameters, int items, double spentMs, Predicate<String> usable) {
        String name = parameters.policy().orElse(defaultPolicy);
        ZooDecider decider = deciders.get(name);
        ZooRequest request = new ZooRequest(parameters.slaMs(), parameters.elapsedMs(),
                parameters.returnOrElapsedMs(), items, parameters.minAccuracy().isPresent()
                        ? Optional.of(parameters.minAccuracy().getAsDouble()) : Optional.empty(),
                TimeSpread.of(parameters.returnQuantilesMs()));
        Zoo zoo = profiles.zoo();
        Candidates candidates = decider.candidates(zoo, request, spentMs, waits, profiles,
                model -> usable.test(model.name()));
        return new ZooChoice(decider.decide(candidates), candidates);
    }

    /**
     * Lets every policy decide the request of this choice on its very view, and tells {@link Shadows} what each
     * would expect of its pick: the policy that chose, by its own decision. Each decision takes well under a
     * microsecond; a request's first decision is shadowed, not the later ones of a request decided again.
     */
    public void shadow(ZooChoice choice) {
        String served = choice.decision().policy();
        for (Map.Entry<String, ZooDecider> shadow : shadowDeciders.entrySet()) {
            Decision decision = shadow.getKey().equals(served) ? choice.decision()
                    : shadow.getValue().decide(choice.candidates());
            shadows.expectedEffectiveAccuracy(shadow.getKey(),
                    choice.candidates().expectedEffectiveAccuracy(decision));
        }
    }
}
