package org.mdinference.server.zoo;

import java.util.Optional;
import org.mdinference.server.protocol.InferRequest;
import org.mdinference.server.protocol.OipException;

/**
 * The request parameters of the zoo endpoint, checked: the device's end-to-end target {@code sla_ms}, the time
 * {@code elapsed_ms} already spent before the server received the request, the expected return trip
 * {@code return_ms} (the upload's, when not given: the paper's symmetric rule), and an optional {@code policy}.
 */
public record ZooParameters(double slaMs, double elapsedMs, double returnMs, Optional<String> policy) {

    /**
     * @throws OipException 400 when {@code sla_ms} is missing, a time is not a finite number, negative, or the SLA
     *     leaves no time after the network's share
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
        if (sla <= elapsed + back) {
            throw OipException.badRequest("sla_ms " + sla + " leaves no time for inference after elapsed_ms "
                    + elapsed + " and return_ms " + back);
        }
        Optional<String> policy = request.parameter("policy").map(value -> {
            if (!(value instanceof String name)) {
                throw OipException.badRequest("the parameter policy must be a string, got " + value);
            }
            return name;
        });
        return new ZooParameters(sla, elapsed, back, policy);
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
