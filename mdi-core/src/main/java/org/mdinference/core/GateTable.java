package org.mdinference.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A device model's confidence gate calibrated for several targets, as its zoo's manifest carries it: per accuracy
 * loss allowed, the threshold {@link GateCalibration#fit} found on the fit images, and what that threshold did on
 * images it was not fit on. A device picks its row by the loss it allows or by the share of requests it may send,
 * so that an app chooses a target, not a probability. Plain numbers, so that an app on Android builds it as well as
 * a manifest reader does.
 */
public final class GateTable {

    /** Slack for a target compared with a figure written to a few decimals. */
    private static final double EPSILON = 1e-9;

    /**
     * One calibrated target.
     *
     * @param maxLoss       the accuracy loss allowed against always offloading, a fraction (0.005: half a point)
     * @param threshold     the gate's threshold fit for it
     * @param onDeviceShare the share of the measured (held-out) images the device answered alone at that threshold
     * @param measuredLoss  the accuracy lost on those images, a fraction (negative: gained); NaN when not measured
     */
    public record Row(double maxLoss, double threshold, double onDeviceShare, double measuredLoss) {

        public Row {
            if (!(maxLoss >= 0 && maxLoss <= 1)) {
                throw new IllegalArgumentException("a gate's accuracy loss allowed must be a fraction in [0, 1], got "
                        + maxLoss);
            }
            if (!(onDeviceShare >= 0 && onDeviceShare <= 1)) {
                throw new IllegalArgumentException("a gate's share answered on the device must be a fraction in"
                        + " [0, 1], got " + onDeviceShare);
            }
            if (!Double.isNaN(measuredLoss) && !(measuredLoss >= -1 && measuredLoss <= 1)) {
                throw new IllegalArgumentException("a gate's measured loss must be a fraction in [-1, 1] or NaN, got "
                        + measuredLoss);
            }
            // checks the threshold
            new ConfidenceGate(threshold);
        }

        public ConfidenceGate gate() {
            return new ConfidenceGate(threshold);
        }

        /** The share of requests this row sends to the cloud, as measured. */
        public double offloadShare() {
            return 1 - onDeviceShare;
        }
    }

    private final List<Row> rows;

    /**
     * @param rows by accuracy loss allowed, strictly increasing; a larger loss allowed can only lower the threshold
     *             and keep more images on the device
     * @throws IllegalArgumentException when there are no rows or they are out of that order
     */
    public GateTable(List<Row> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a gate table needs at least one row");
        }
        for (int i = 1; i < rows.size(); i++) {
            Row before = rows.get(i - 1);
            Row row = rows.get(i);
            if (!(row.maxLoss() > before.maxLoss())) {
                throw new IllegalArgumentException("a gate table's losses allowed must increase row by row, got "
                        + before.maxLoss() + " then " + row.maxLoss());
            }
            if (row.threshold() > before.threshold() || row.onDeviceShare() < before.onDeviceShare()) {
                throw new IllegalArgumentException("a larger loss allowed must not raise the threshold nor keep fewer"
                        + " images on the device: loss " + before.maxLoss() + " has threshold " + before.threshold()
                        + " and share " + before.onDeviceShare() + ", loss " + row.maxLoss() + " has "
                        + row.threshold() + " and " + row.onDeviceShare());
            }
        }
        this.rows = Collections.unmodifiableList(new ArrayList<>(rows));
    }

    public List<Row> rows() {
        return rows;
    }

    /**
     * The row for an accuracy loss allowed: the one of the largest loss not above it.
     *
     * @param maxLoss a fraction in [0, 1]
     * @throws IllegalArgumentException when the target is not a fraction, or below every row's loss
     */
    public Row forMaxLoss(double maxLoss) {
        if (!(maxLoss >= 0 && maxLoss <= 1)) {
            throw new IllegalArgumentException("the accuracy loss allowed must be a fraction in [0, 1], got "
                    + maxLoss);
        }
        Row chosen = null;
        for (Row row : rows) {
            if (row.maxLoss() <= maxLoss + EPSILON) {
                chosen = row;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException("the gate is calibrated for a loss of at least " + rows.get(0).maxLoss()
                    + ", not " + maxLoss + ": allow more, or turn the gate off");
        }
        return chosen;
    }

    /**
     * The row for a share of requests sent to the cloud at most: of the rows that sent no more on the measured
     * images, the one that lost least (the highest threshold).
     *
     * @param offloadShare a fraction in [0, 1]
     * @throws IllegalArgumentException when the target is not a fraction, or every row sent more
     */
    public Row forOffloadShare(double offloadShare) {
        if (!(offloadShare >= 0 && offloadShare <= 1)) {
            throw new IllegalArgumentException("the share of requests sent to the cloud must be a fraction in"
                    + " [0, 1], got " + offloadShare);
        }
        for (Row row : rows) {
            if (row.offloadShare() <= offloadShare + EPSILON) {
                return row;
            }
        }
        Row least = rows.get(rows.size() - 1);
        throw new IllegalArgumentException("the gate is calibrated to send at least " + least.offloadShare()
                + " of the requests to the cloud (at a loss of " + least.maxLoss() + "), not " + offloadShare
                + ": allow a larger share, or calibrate for a larger loss (mdi zoo calibrate)");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GateTable && ((GateTable) other).rows.equals(rows);
    }

    @Override
    public int hashCode() {
        return rows.hashCode();
    }

    @Override
    public String toString() {
        return "GateTable" + rows;
    }
}
