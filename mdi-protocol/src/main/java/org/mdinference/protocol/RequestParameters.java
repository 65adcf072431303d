package org.mdinference.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The zoo endpoint's request parameters, checked (docs/protocol.md, "The zoo endpoint"): the device's end-to-end
 * target {@code sla_ms}, the time {@code elapsed_ms} already spent before the server received the request, the
 * expected return trip {@code return_ms} (when not sent, the server takes the upload's: the paper's symmetric rule),
 * a {@code policy}, {@code min_accuracy}: the accuracy of the device's own model, which only a more accurate
 * member can beat, and {@code return_quantiles_ms}: the return trips the device saw lately, whose spread a policy
 * that weighs the chance of arrival uses. A member's own endpoint takes none of them. Immutable; {@link #of} and
 * the {@code with} methods reject a wrong value at once.
 *
 * <p>An SLA that the network's share already uses up is no error: the request is well formed, and the reply that no
 * model fits, sent at once, is what the device needs to hear.
 */
public final class RequestParameters {

    /** Quantiles of return trips a request may carry: more would tell a decision nothing it needs. */
    public static final int MAX_RETURN_QUANTILES = 64;
    private static final double[] NONE = new double[0];

    private final double slaMs;
    private final double elapsedMs;
    private final OptionalDouble returnMs;
    private final Optional<String> policy;
    private final OptionalDouble minAccuracy;
    private final double[] returnQuantilesMs;

    private RequestParameters(double slaMs, double elapsedMs, OptionalDouble returnMs, Optional<String> policy,
                              OptionalDouble minAccuracy, double[] returnQuantilesMs) {
        if (!(slaMs > 0) || Double.isInfinite(slaMs)) {
            throw new IllegalArgumentException(OipNames.SLA_MS + " must be a positive number of ms, got " + slaMs);
        }
        notNegative(OipNames.ELAPSED_MS, elapsedMs);
        if (returnMs.isPresent()) {
            notNegative(OipNames.RETURN_MS, returnMs.getAsDouble());
        }
        if (policy.isPresent()) {
            PolicyNames.check(policy.get());
        }
        if (minAccuracy.isPresent() && !(minAccuracy.getAsDouble() >= 0 && minAccuracy.getAsDouble() <= 1)) {
            throw new IllegalArgumentException(OipNames.MIN_ACCURACY + " is a top-1 accuracy in [0, 1], got "
                    + minAccuracy.getAsDouble());
        }
        this.slaMs = slaMs;
        this.elapsedMs = elapsedMs;
        this.returnMs = returnMs;
        this.policy = policy;
        if (returnQuantilesMs.length > MAX_RETURN_QUANTILES) {
            throw new IllegalArgumentException(OipNames.RETURN_QUANTILES_MS + " holds " + returnQuantilesMs.length
                    + " times; send at most " + MAX_RETURN_QUANTILES);
        }
        for (double ms : returnQuantilesMs) {
            notNegative(OipNames.RETURN_QUANTILES_MS, ms);
        }
        this.minAccuracy = minAccuracy;
        this.returnQuantilesMs = returnQuantilesMs;
    }

    private static void notNegative(String name, double ms) {
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            throw new IllegalArgumentException(name + " must be a non-negative number of ms, got " + ms);
        }
    }

    /**
     * A request with this SLA, nothing elapsed, and the server's choices for the rest.
     *
     * @throws IllegalArgumentException unless {@code slaMs} is positive and finite
     */
    public static RequestParameters of(double slaMs) {
        return new RequestParameters(slaMs, 0, OptionalDouble.empty(), Optional.<String>empty(),
                OptionalDouble.empty(), NONE);
    }

    /** @throws IllegalArgumentException unless {@code ms} is finite and not negative */
    public RequestParameters withElapsedMs(double ms) {
        return new RequestParameters(slaMs, ms, returnMs, policy, minAccuracy, returnQuantilesMs);
    }

    /** @throws IllegalArgumentException unless {@code ms} is finite and not negative */
    public RequestParameters withReturnMs(double ms) {
        return new RequestParameters(slaMs, elapsedMs, OptionalDouble.of(ms), policy, minAccuracy, returnQuantilesMs);
    }

    /** @throws IllegalArgumentException for a name that is not one of core's policies */
    public RequestParameters withPolicy(String name) {
        return new RequestParameters(slaMs, elapsedMs, returnMs, Optional.of(name), minAccuracy, returnQuantilesMs);
    }

    /** @throws IllegalArgumentException unless {@code accuracy} is in [0, 1] */
    public RequestParameters withMinAccuracy(double accuracy) {
        return new RequestParameters(slaMs, elapsedMs, returnMs, policy, OptionalDouble.of(accuracy),
                returnQuantilesMs);
    }

    /**
     * @throws IllegalArgumentException for more than {@value #MAX_RETURN_QUANTILES} times, or a time that is negative
     *     or not finite
     */
    public RequestParameters withReturnQuantilesMs(double... ms) {
        return new RequestParameters(slaMs, elapsedMs, returnMs, policy, minAccuracy, ms.clone());
    }

    /**
     * Reads a request's {@code parameters} as a JSON reader gives them (numbers, strings, booleans); others than the
     * zoo's are ignored.
     *
     * @throws IllegalArgumentException when {@code sla_ms} is missing, a parameter has the wrong type, or a value
     *     is out of range, naming the parameter
     */
    public static RequestParameters read(Map<String, ?> parameters) {
        OptionalDouble sla = number(parameters, OipNames.SLA_MS);
        if (!sla.isPresent()) {
            throw new IllegalArgumentException("the zoo endpoint needs the parameter " + OipNames.SLA_MS
                    + ": the end-to-end latency target in ms");
        }
        RequestParameters read = of(sla.getAsDouble());
        OptionalDouble elapsed = number(parameters, OipNames.ELAPSED_MS);
        if (elapsed.isPresent()) {
            read = read.withElapsedMs(elapsed.getAsDouble());
        }
        OptionalDouble back = number(parameters, OipNames.RETURN_MS);
        if (back.isPresent()) {
            read = read.withReturnMs(back.getAsDouble());
        }
        Object policy = parameters.get(OipNames.POLICY);
        if (policy != null && !(policy instanceof String)) {
            throw new IllegalArgumentException("the parameter " + OipNames.POLICY + " must be a string, got "
                    + policy);
        }
        if (policy != null) {
            read = read.withPolicy((String) policy);
        }
        OptionalDouble minAccuracy = number(parameters, OipNames.MIN_ACCURACY);
        if (minAccuracy.isPresent()) {
            read = read.withMinAccuracy(minAccuracy.getAsDouble());
        }
        Object quantiles = parameters.get(OipNames.RETURN_QUANTILES_MS);
        return quantiles == null ? read : read.withReturnQuantilesMs(times(quantiles));
    }

    /** A string of comma-separated ms: OIP's parameters are scalars, so a list travels as text. */
    private static double[] times(Object value) {
        if (!(value instanceof String)) {
            throw new IllegalArgumentException("the parameter " + OipNames.RETURN_QUANTILES_MS + " must be a string"
                    + " of comma-separated ms, got " + value);
        }
        String[] parts = ((String) value).split(",", -1);
        if (parts.length > MAX_RETURN_QUANTILES) {
            throw new IllegalArgumentException(OipNames.RETURN_QUANTILES_MS + " holds " + parts.length
                    + " times; send at most " + MAX_RETURN_QUANTILES);
        }
        double[] ms = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ms[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the parameter " + OipNames.RETURN_QUANTILES_MS + " must be a"
                        + " string of comma-separated ms, got '" + value + "'");
            }
        }
        return ms;
    }

    private static OptionalDouble number(Map<String, ?> parameters, String name) {
        Object value = parameters.get(name);
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (!(value instanceof Number) || !Double.isFinite(((Number) value).doubleValue())) {
            throw new IllegalArgumentException("the parameter " + name + " must be a number, got " + value);
        }
        return OptionalDouble.of(((Number) value).doubleValue());
    }

    /** The device's end-to-end latency target, ms. */
    public double slaMs() {
        return slaMs;
    }

    /** Time spent before the server received the request, ms; 0 when not sent. */
    public double elapsedMs() {
        return elapsedMs;
    }

    /** The expected return trip as sent; empty when not sent. */
    public OptionalDouble returnMs() {
        return returnMs;
    }

    /** The return trip the server counts: {@code return_ms}, or {@code elapsed_ms} when not sent. */
    public double returnOrElapsedMs() {
        return returnMs.isPresent() ? returnMs.getAsDouble() : elapsedMs;
    }

    /** The policy asked for; empty for the server's default. */
    public Optional<String> policy() {
        return policy;
    }

    /** The device model's top-1 accuracy; empty when the device did not say. */
    public OptionalDouble minAccuracy() {
        return minAccuracy;
    }

    /** The return trips the device reported, ms; empty when it sent none. */
    public double[] returnQuantilesMs() {
        return returnQuantilesMs.clone();
    }

    /**
     * Writes the parameters' fields into the object the generator is in.
     *
     * @param elapsedSlot writes {@code elapsed_ms} as {@link InferRequestBody#elapsedSlot}
     */
    void writeFields(JsonGenerator json, boolean elapsedSlot) throws IOException {
        json.writeNumberField(OipNames.SLA_MS, slaMs);
        if (elapsedSlot) {
            json.writeFieldName(OipNames.ELAPSED_MS);
            json.writeRawValue(InferRequestBody.elapsedSlot(elapsedMs));
        } else {
            json.writeNumberField(OipNames.ELAPSED_MS, elapsedMs);
        }
        if (returnMs.isPresent()) {
            json.writeNumberField(OipNames.RETURN_MS, returnMs.getAsDouble());
        }
        if (policy.isPresent()) {
            json.writeStringField(OipNames.POLICY, policy.get());
        }
        if (minAccuracy.isPresent()) {
            json.writeNumberField(OipNames.MIN_ACCURACY, minAccuracy.getAsDouble());
        }
        if (returnQuantilesMs.length > 0) {
            StringBuilder times = new StringBuilder();
            for (double ms : returnQuantilesMs) {
                times.append(times.length() == 0 ? "" : ",").append(ms);
            }
            json.writeStringField(OipNames.RETURN_QUANTILES_MS, times.toString());
        }
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof RequestParameters)) {
            return false;
        }
        RequestParameters that = (RequestParameters) other;
        return Double.compare(slaMs, that.slaMs) == 0 && Double.compare(elapsedMs, that.elapsedMs) == 0
                && returnMs.equals(that.returnMs) && policy.equals(that.policy) && minAccuracy.equals(that.minAccuracy)
                && Arrays.equals(returnQuantilesMs, that.returnQuantilesMs);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(slaMs, elapsedMs, returnMs, policy, minAccuracy) + Arrays.hashCode(returnQuantilesMs);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RequestParameters[sla_ms %s, elapsed_ms %s, return_ms %s, policy %s,"
                + " min_accuracy %s, return_quantiles_ms %s]", slaMs, elapsedMs,
                returnMs.isPresent() ? returnMs.getAsDouble() : "(elapsed)", policy.orElse("(server's)"),
                minAccuracy.isPresent() ? minAccuracy.getAsDouble() : "(none)", Arrays.toString(returnQuantilesMs));
    }
}
