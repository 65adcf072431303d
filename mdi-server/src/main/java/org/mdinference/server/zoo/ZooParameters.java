package org.mdinference.server.zoo;

import java.util.Optional;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.server.protocol.InferRequest;
import org.mdinference.server.protocol.OipException;

/**
 * What the zoo's decision needs of a request, read and checked by mdi-protocol's {@link RequestParameters}: the
 * device's end-to-end target {@code sla_ms}, the time {@code elapsed_ms} already spent before the server received
 * the request, the expected return trip {@code return_ms} (the upload's, when not given: the paper's symmetric
 * rule), an optional {@code policy} (a known one), and an optional {@code min_accuracy}: the accuracy of the
 * device's own model, which only a more accurate member can beat.
 */
public record ZooParameters(double slaMs, double elapsedMs, double returnMs, Optional<String> policy,
                            Optional<Double> minAccuracy) {

    /**
     * An SLA that the network's share already uses up is no error: the request is well formed, and the reply
     * that no model fits, sent at once, is what the device needs to hear (its own answer serves).
     *
     * @throws OipException 400 when {@code sla_ms} is missing or not positive, a time is not a finite number or
     *     negative, the policy is unknown, or {@code min_accuracy} is not a number in [0, 1]
     */
    public static ZooParameters of(InferRequest request) {
        RequestParameters read;
        try {
            read = RequestParameters.read(request.parameters());
        } catch (IllegalArgumentException e) {
            throw OipException.badRequest(e.getMessage());
        }
        return new ZooParameters(read.slaMs(), read.elapsedMs(), read.returnOrElapsedMs(), read.policy(),
                read.minAccuracy().isPresent() ? Optional.of(read.minAccuracy().getAsDouble()) : Optional.empty());
    }
}
