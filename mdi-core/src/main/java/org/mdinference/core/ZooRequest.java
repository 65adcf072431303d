package org.mdinference.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What one request brings to the zoo's decision ({@link ZooDecider}).
 *
 * @param slaMs       the end-to-end latency target on the device
 * @param elapsedMs   time spent before the server received the request (the upload)
 * @param returnMs    expected time of the reply's trip back to the device
 * @param items       how many inputs the request holds: one batch of that many on whichever member runs it
 * @param minAccuracy the top-1 accuracy of the device's own model, when the device named it: only a more accurate
 *                    member can give a better answer than the one the device already has
 * @param returns     the return trips the device saw lately; {@link TimeSpread#NONE} when it reported none
 */
public record ZooRequest(double slaMs, double elapsedMs, double returnMs, int items, Optional<Double> minAccuracy,
                         TimeSpread returns) {

    /** @throws IllegalArgumentException when {@code items} is less than 1 */
    public ZooRequest {
        Objects.requireNonNull(minAccuracy, "minAccuracy");
        Objects.requireNonNull(returns, "returns");
        if (items < 1) {
            throw new IllegalArgumentException("a request holds at least one item, got " + items);
        }
    }

    /** A request whose device reported no return trips: the decision has the point estimate {@code returnMs}. */
    public ZooRequest(double slaMs, double elapsedMs, double returnMs, int items, Optional<Double> minAccuracy) {
        this(slaMs, elapsedMs, returnMs, items, minAccuracy, TimeSpread.NONE);
    }

    /** A request of one item that names no device accuracy, as the paper's and the simulator's requests are. */
    public static ZooRequest single(double slaMs, double elapsedMs, double returnMs) {
        return new ZooRequest(slaMs, elapsedMs, returnMs, 1, Optional.empty());
    }

    /** The paper's budget: the SLA less the upload and the return trip, the time left for queueing and inference. */
    public double budgetMs() {
        return slaMs - elapsedMs - returnMs;
    }

    /** Whether a model's answer could be better than the device's own. */
    boolean mayBeBetterThanTheDevice(Model model) {
        return !minAccuracy.isPresent() || model.accuracy() > minAccuracy.get();
    }
}
