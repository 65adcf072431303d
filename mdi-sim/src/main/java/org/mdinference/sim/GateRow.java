package org.mdinference.sim;

import java.util.Objects;

/**
 * One policy at one SLA with or without the device's confidence gate: the usual row, and how many requests went to
 * the cloud (without the gate, every one; with it, those the device did not answer alone).
 */
public record GateRow(ResultRow row, boolean gate, int cloudRequests) {

    public GateRow {
        Objects.requireNonNull(row, "row");
        if (cloudRequests < 0 || cloudRequests > row.requests()) {
            throw new IllegalArgumentException("cloud requests must lie in [0, " + row.requests() + "], got "
                    + cloudRequests);
        }
    }

    /** The share of requests sent to the cloud. */
    public double cloudShare() {
        return (double) cloudRequests / row.requests();
    }
}
