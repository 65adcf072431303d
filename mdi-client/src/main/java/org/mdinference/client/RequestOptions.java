package org.mdinference.client;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.mdinference.core.Policies;
import org.mdinference.protocol.PolicyNames;

/**
 * Per-request settings beside the input and the SLA. Immutable: {@link #DEFAULT} asks for nothing special, each
 * {@code with} method returns a variant.
 */
public final class RequestOptions {

    /** The server's own choices. */
    public static final RequestOptions DEFAULT = new RequestOptions(Optional.<String>empty(), OptionalDouble.empty(),
            OptionalDouble.empty());

    private final Optional<String> policy;
    private final OptionalDouble gateMaxLoss;
    private final OptionalDouble gateOffloadShare;

    private RequestOptions(Optional<String> policy, OptionalDouble gateMaxLoss, OptionalDouble gateOffloadShare) {
        this.policy = policy;
        this.gateMaxLoss = gateMaxLoss;
        this.gateOffloadShare = gateOffloadShare;
    }

    /**
     * These options with the selection policy the server should use for this request instead of its default:
     * one of {@link Policies#NAMES} (mdinference, expected-accuracy, greedy, static-accuracy, static-latency,
     * random).
     *
     * @throws IllegalArgumentException for another name
     */
    public RequestOptions withPolicy(String name) {
        return new RequestOptions(Optional.of(PolicyNames.check(name)), gateMaxLoss, gateOffloadShare);
    }

    /**
     * These options with the device's confidence gate on, for an accuracy loss allowed: the device model runs first,
     * and when its confidence (top softmax probability) is above the threshold calibrated for the largest loss not
     * above this one ({@link DeviceModel#gateThresholds}), the device answers at once and nothing is sent
     * ({@link CloudOutcome.Status#GATED}); otherwise the cloud is asked as without the gate. Replaces a share
     * target.
     *
     * @param maxLoss accuracy loss allowed against always offloading, a fraction (0.005: half a point)
     * @throws IllegalArgumentException when it is not a fraction in [0, 1]
     */
    public RequestOptions withGateMaxLoss(double maxLoss) {
        return new RequestOptions(policy, OptionalDouble.of(fraction("the gate's accuracy loss allowed", maxLoss)),
                OptionalDouble.empty());
    }

    /**
     * These options with the device's confidence gate on, for a share of requests sent to the cloud at most: the
     * least lossy calibrated threshold that sent no larger share of the held-out test images. Otherwise as
     * {@link #withGateMaxLoss}, which it replaces.
     *
     * @param offloadShare share of requests sent to the cloud at most, a fraction (0.25: one in four)
     * @throws IllegalArgumentException when it is not a fraction in [0, 1]
     */
    public RequestOptions withGateOffloadShare(double offloadShare) {
        return new RequestOptions(policy, OptionalDouble.empty(),
                OptionalDouble.of(fraction("the gate's share sent to the cloud", offloadShare)));
    }

    /** These options with the gate off (the default): every request asks the cloud. */
    public RequestOptions withoutGate() {
        return new RequestOptions(policy, OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** The gate's accuracy loss allowed, when the gate is on for one. */
    public OptionalDouble gateMaxLoss() {
        return gateMaxLoss;
    }

    /** The gate's share of requests sent to the cloud at most, when the gate is on for one. */
    public OptionalDouble gateOffloadShare() {
        return gateOffloadShare;
    }

    /** Whether the device's confidence gate is on. */
    public boolean gated() {
        return gateMaxLoss.isPresent() || gateOffloadShare.isPresent();
    }

    private static double fraction(String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(what + " must be a fraction in [0, 1], got " + value);
        }
        return value;
    }

    /** The policy asked for; empty for the server's default. */
    public Optional<String> policy() {
        return policy;
    }

    @Override
    public String toString() {
        String gate = gateMaxLoss.isPresent() ? String.format(Locale.ROOT, "loss %s", gateMaxLoss.getAsDouble())
                : gateOffloadShare.isPresent() ? String.format(Locale.ROOT, "share %s",
                        gateOffloadShare.getAsDouble()) : "off";
        return "RequestOptions[policy " + policy.orElse("(server's)") + ", gate " + gate + "]";
    }
}
