package org.mdinference.client;

import java.util.Optional;
import org.mdinference.core.Policies;
import org.mdinference.protocol.PolicyNames;

/**
 * Per-request settings beside the input and the SLA. Immutable: {@link #DEFAULT} asks for nothing special, each
 * {@code with} method returns a variant.
 */
public final class RequestOptions {

    /** The server's own choices. */
    public static final RequestOptions DEFAULT = new RequestOptions(Optional.<String>empty());

    private final Optional<String> policy;

    private RequestOptions(Optional<String> policy) {
        this.policy = policy;
    }

    /**
     * These options with the selection policy the server should use for this request instead of its default:
     * one of {@link Policies#NAMES} (mdinference, expected-accuracy, greedy, static-accuracy, static-latency,
     * random).
     *
     * @throws IllegalArgumentException for another name
     */
    public RequestOptions withPolicy(String name) {
        return new RequestOptions(Optional.of(PolicyNames.check(name)));
    }

    /** The policy asked for; empty for the server's default. */
    public Optional<String> policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "RequestOptions[policy " + policy.orElse("(server's)") + "]";
    }
}
