package org.mdinference.onnx;

import java.util.Objects;
import org.mdinference.core.GateTable;

/**
 * The {@code gate} of a zoo's on-device model (docs/zoo.md, "The device's gate"): its confidence gate calibrated for
 * several accuracy losses allowed, against always offloading to the {@code reference} model, fit on one range of the
 * test split and measured on another. {@code mdi zoo calibrate} writes it from the zoo's per-image truth.
 *
 * @param score          what the threshold is compared with; only {@value #SOFTMAX_TOP}, the top softmax probability
 * @param reference      the model whose answers always offloading gets, the losses' baseline: the zoo's when it
 *                       was calibrated (a zoo derived from it, such as a front end's subset of members, keeps the
 *                       calibration and its baseline)
 * @param fitImages      the test images the thresholds were fit on
 * @param measuredImages the test images each row's share and measured loss come from
 * @param table          the thresholds, per loss allowed
 */
public record GateEntry(String score, String reference, Images fitImages, Images measuredImages, GateTable table) {

    /** The device model's largest softmax probability, as the SDK computes it from the model's logits. */
    public static final String SOFTMAX_TOP = "softmax_top";

    /**
     * Test images {@code from} (included) to {@code to} (excluded), by their index in the test split.
     */
    public record Images(int from, int to) {

        public Images {
            if (from < 0 || to <= from) {
                throw new IllegalArgumentException("an image range needs 0 <= from < to, got [" + from + ", " + to
                        + ")");
            }
        }

        public int count() {
            return to - from;
        }

        boolean overlaps(Images other) {
            return from < other.to && other.from < to;
        }
    }

    public GateEntry {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(fitImages, "fitImages");
        Objects.requireNonNull(measuredImages, "measuredImages");
        Objects.requireNonNull(table, "table");
        if (reference.isBlank()) {
            throw new IllegalArgumentException("a gate's reference must name the model it was calibrated against");
        }
        if (!score.equals(SOFTMAX_TOP)) {
            throw new IllegalArgumentException("a gate's score must be " + SOFTMAX_TOP + ", the only one the SDK"
                    + " computes, got " + score);
        }
        if (fitImages.overlaps(measuredImages)) {
            throw new IllegalArgumentException("a gate must be measured on images it was not fit on, got fit "
                    + fitImages + " and measured " + measuredImages);
        }
    }
}
