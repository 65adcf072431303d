package org.mdinference.server.zoo;

import java.util.Optional;
import org.mdinference.server.protocol.InferRequest;
import org.mdinference.server.protocol.OipException;

/**
 * The request parameters of the zoo endpoint, checked: the device's end-to-end target {@code sla_ms}, the time
 * {@code elapsed_ms} already spent before the server received the request, the expected return trip
 * {@code return_ms} (the upload's, when not given: the paper's symmetric rule), an optional {@code policy}, and an
 * optional {@code min_accuracy}: the accuracy of the device's own model, which only a more accurate member can beat.
 */
public record ZooParameters(double slaMs, double elapsedMs, double returnMs, Optional<String> policy,
                            Optional<Double> minAccuracy) {

    /**
     * An SLA that the network's share already uses up is no error: the request is well formed, and the reply
     * that no model fits, sent at once, is what the device needs to hear (its own answer serves).
     *
     * @throws OipException 400 when {@code sla_ms} is missing or not positive, a time is not a finite number or
     *     negative, or {@code min_accuracy} is not a number in [0, 1]
     */
    public static ZooParameters of(InferRequest request) {
        double sla = number(request, "sla_ms").orElseThrow(() -> OipException.badRequest(
                "the zoo endpoint needs the parameter sla_ms: the end-to-end latency target in ms"));
        double elapsed = number(request, "elapsed_ms").orElse(0.0);
        double back = number(request, "return_ms").orElse(elapsed);
        if (sla <= 0) {
            throw OipException.badRequest("sla_ms must be positive, got " + sla);
        }
        if (elapsed < 0 || back < 0) {
            throw OipException.badRequest("elapsed_ms and return_ms must not be negative, got " + elapsed
                    + " and " + back);
        }
        Optional<String> policy = request.parameter("policy").map(value -> {
            if (!(value instanceof String name)) {
                throw OipException.badRequest("the parameter policy must be a string, got " + value);
            }
            return name;
        });
        Optional<Double> minAccuracy = number(request, "min_accuracy");
        if (minAccuracy.isPresent() && !(minAccuracy.get() >= 0 && minAccuracy.get() <= 1)) {
            throw OipException.badRequest("min_accuracy is a top-1 accuracy in [0, 1], got " + minAccuracy.get());
        }
        return new ZooParameters(sla, elapsed, back, policy, minAccuracy);
    }

    private static Optional<Double> number(InferRequest request, String name) {
        return request.parameter(name).map(value -> {
            if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                throw OipException.badRequest("the parameter " + name + " must be a number of ms, got " + value);
            }
            return number.doubleValue();
        });
    }
}
