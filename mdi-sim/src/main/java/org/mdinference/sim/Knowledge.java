package org.mdinference.sim;

import java.util.Locale;

/** What a policy is told of a request's network time. */
public enum Knowledge {
    /** The request's true upload and return times, as the paper's simulator hands them over. */
    TRUE,
    /**
     * What a real deployment can know: the upload of this request (the server measures it on arrival) and a
     * moving average of the return trips of earlier requests.
     */
    ESTIMATED,
    /**
     * A reference, not a deployment: the distribution of every return trip of the run, known in hindsight, but not
     * this request's. What a policy that weighs distributions could reach if it knew the link's exactly.
     */
    DISTRIBUTION;

    public static Knowledge parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> TRUE;
            case "estimated" -> ESTIMATED;
            case "distribution" -> DISTRIBUTION;
            default -> throw new IllegalArgumentException("unknown knowledge '" + text
                    + "': use true, estimated or distribution");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
