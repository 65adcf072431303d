package org.mdinference.protocol;

/** What the zoo did with a request, as its reply's {@code outcome} says. */
public enum ZooOutcome {
    /** A member answered: the reply carries its outputs. */
    SERVED("served"),
    /** No member was expected to finish within the budget: answered at once, no outputs; the device's answer serves. */
    NO_MODEL_FITS("no_model_fits");

    private final String wireName;

    ZooOutcome(String wireName) {
        this.wireName = wireName;
    }

    /** The value of the {@code outcome} parameter. */
    public String wireName() {
        return wireName;
    }
}
