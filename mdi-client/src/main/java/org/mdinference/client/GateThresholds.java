package org.mdinference.client;

import java.util.ArrayList;
import java.util.List;
import org.mdinference.core.GateTable;

/**
 * The calibration of a device model's confidence gate: per accuracy loss allowed, the threshold above which the
 * model's top softmax probability lets the device answer alone, and the share of test images it then answered alone
 * (measured on images the threshold was not fit on). A zoo's manifest carries it ({@code mdi zoo calibrate},
 * docs/zoo.md); {@code OnnxDeviceModel} reads it from there, and an Android app copies the manifest's numbers into
 * {@link #builder()} (docs/android.md). Immutable.
 */
public final class GateThresholds {

    private final GateTable table;

    private GateThresholds(GateTable table) {
        this.table = table;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The rows, by loss allowed. */
    public int size() {
        return table.rows().size();
    }

    /** Row {@code row}'s accuracy loss allowed against always offloading, a fraction (0.005: half a point). */
    public double maxLoss(int row) {
        return table.rows().get(row).maxLoss();
    }

    /** Row {@code row}'s threshold: the device answers alone when its confidence is above it. */
    public double threshold(int row) {
        return table.rows().get(row).threshold();
    }

    /** Row {@code row}'s share of requests the device answered alone, as measured: what its gate saves. */
    public double onDeviceShare(int row) {
        return table.rows().get(row).onDeviceShare();
    }

    GateTable table() {
        return table;
    }

    @Override
    public String toString() {
        return "GateThresholds" + table.rows();
    }

    /** Rows by increasing loss allowed, as the manifest's {@code gate.thresholds} lists them. */
    public static final class Builder {

        private final List<GateTable.Row> rows = new ArrayList<>();

        private Builder() {
        }

        /**
         * One row of the manifest's {@code gate.thresholds}: its {@code max_loss}, {@code threshold} and
         * {@code on_device_share}.
         *
         * @throws IllegalArgumentException when a value is not a fraction
         */
        public Builder add(double maxLoss, double threshold, double onDeviceShare) {
            rows.add(new GateTable.Row(maxLoss, threshold, onDeviceShare, Double.NaN));
            return this;
        }

        /**
         * @throws IllegalArgumentException when there is no row, or the rows are not by increasing loss with
         *     thresholds that do not rise
         */
        public GateThresholds build() {
            return new GateThresholds(new GateTable(rows));
        }
    }
}
