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
    ESTIMATED;

    public static Knowledge parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> TRUE;
            case "estimated" -> ESTIMATED;
            default -> throw new IllegalArgumentException("unknown knowledge '" + text + "': use true or estimated");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
