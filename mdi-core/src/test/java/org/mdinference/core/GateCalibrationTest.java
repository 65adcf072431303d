package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GateCalibrationTest {

    /** Ten images, most confident first; the cloud misses only the last, the device from the fourth on, mostly. */
    private static final double[] CONFIDENCE = {0.99, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3};
    private static final boolean[] DEVICE = {true, true, true, false, true, false, false, false, false, false};
    private static final boolean[] CLOUD = {true, true, true, true, true, true, true, true, true, false};

    @Test
    void noLossAllowedKeepsOnlyTheImagesTheDeviceGetsAsRightAsTheCloud() {
        GateCalibration fit = GateCalibration.fit(CONFIDENCE, DEVICE, CLOUD, 0);

        // above 0.85: images 0, 1, 2, where both are right; image 3 would cost the first right answer
        assertThat(fit.gate()).isEqualTo(new ConfidenceGate(0.85));
        assertThat(fit.calibration()).isEqualTo(new GateOutcome(10, 3, 9, 9));
        assertThat(fit.calibration().accuracyLoss()).isZero();
    }

    @Test
    void eachPointOfLossAllowedBuysTheImagesUpToTheNextWrongAnswer() {
        // one image in ten lost (image 3), then image 4 comes free; two lost reach image 5
        assertThat(GateCalibration.fit(CONFIDENCE, DEVICE, CLOUD, 0.1).gate()).isEqualTo(new ConfidenceGate(0.7));
        assertThat(GateCalibration.fit(CONFIDENCE, DEVICE, CLOUD, 0.1).calibration())
                .isEqualTo(new GateOutcome(10, 5, 8, 9));
        assertThat(GateCalibration.fit(CONFIDENCE, DEVICE, CLOUD, 0.2).gate()).isEqualTo(new ConfidenceGate(0.6));
        // the whole loss allowed: the device answers everything, and the gate says so for any confidence
        GateCalibration all = GateCalibration.fit(CONFIDENCE, DEVICE, CLOUD, 1);
        assertThat(all.gate()).isEqualTo(new ConfidenceGate(0));
        assertThat(all.calibration()).isEqualTo(new GateOutcome(10, 10, 4, 9));
    }

    @Test
    void imagesOfEqualConfidenceAreNeverSplit() {
        double[] confidence = {0.9, 0.9, 0.8};
        boolean[] device = {true, false, true};
        boolean[] cloud = {true, true, true};

        // keeping only the first 0.9 would lose nothing, but the gate cannot tell it from the second
        assertThat(GateCalibration.fit(confidence, device, cloud, 0).gate()).isEqualTo(ConfidenceGate.NEVER);
        assertThat(GateCalibration.fit(confidence, device, cloud, 0).calibration()).isEqualTo(
                new GateOutcome(3, 0, 3, 3));
        assertThat(GateCalibration.fit(confidence, device, cloud, 1.0 / 3).gate()).isEqualTo(new ConfidenceGate(0));
    }

    @Test
    void aDeviceRightWhereTheCloudIsWrongPaysForLossesElsewhere() {
        double[] confidence = {0.9, 0.8, 0.7};
        boolean[] device = {true, false, true};
        boolean[] cloud = {false, true, true};

        GateCalibration fit = GateCalibration.fit(confidence, device, cloud, 0);

        assertThat(fit.gate()).isEqualTo(new ConfidenceGate(0));
        assertThat(fit.calibration()).isEqualTo(new GateOutcome(3, 3, 2, 2));
    }

    /**
     * A device model whose confidence tells its right answers from its wrong ones, fit on one half and measured on
     * the other: the hold-out's counts, exact for the seed, lose a little more than the fit half's, as they should.
     */
    @Test
    void fitOnOneHalfMeasuredOnTheOther() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 4000;
        double[] confidence = new double[n];
        boolean[] device = new boolean[n];
        boolean[] cloud = new boolean[n];
        for (int i = 0; i < n; i++) {
            confidence[i] = 0.1 + 0.9 * random.nextDouble();
            device[i] = random.nextDouble() < confidence[i];
            cloud[i] = random.nextDouble() < 0.95;
        }
        int half = n / 2;
        GateCalibration fit = GateCalibration.fit(Arrays.copyOf(confidence, half), Arrays.copyOf(device, half),
                Arrays.copyOf(cloud, half), 0.005);
        GateOutcome held = GateOutcome.measure(fit.gate(), Arrays.copyOfRange(confidence, half, n),
                Arrays.copyOfRange(device, half, n), Arrays.copyOfRange(cloud, half, n));

        assertThat(fit.calibration().accuracyLoss()).isLessThanOrEqualTo(0.005 + 1e-12);
        // the device is as right as the cloud (0.95) from a confidence of about 0.9 up: the gate opens near there
        assertThat(fit.gate().threshold()).isBetween(0.8, 0.95);
        assertThat(held.images()).isEqualTo(half);
        assertThat(held.onDeviceShare()).isBetween(0.05, 0.25);
        assertThat(held.accuracyLoss()).isBetween(-0.01, 0.02);
        long expectedOnDevice = Arrays.stream(Arrays.copyOfRange(confidence, half, n))
                .filter(c -> c > fit.gate().threshold()).count();
        assertThat(held.onDevice()).isEqualTo((int) expectedOnDevice);
        assertThat(held.offloadRight()).isEqualTo(count(Arrays.copyOfRange(cloud, half, n)));
    }

    @Test
    void badInputIsRefusedWithItsValue() {
        assertThatThrownBy(() -> GateCalibration.fit(new double[0], new boolean[0], new boolean[0], 0))
                .hasMessageContaining("at least one image");
        assertThatThrownBy(() -> GateCalibration.fit(new double[2], new boolean[1], new boolean[2], 0))
                .hasMessageContaining("2 confidences, 1 device and 2 cloud");
        assertThatThrownBy(() -> GateCalibration.fit(new double[] {1.5}, new boolean[1], new boolean[1], 0))
                .hasMessageContainingAll("image 0", "1.5");
        assertThatThrownBy(() -> GateCalibration.fit(new double[1], new boolean[1], new boolean[1], -0.1))
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new ConfidenceGate(Double.NaN)).hasMessageContaining("NaN");
    }

    @Test
    void theGateAnswersAloneOnlyAboveItsThreshold() {
        assertThat(new ConfidenceGate(0.9).answersOnDevice(0.9)).isFalse();
        assertThat(new ConfidenceGate(0.9).answersOnDevice(0.9000001)).isTrue();
        assertThat(ConfidenceGate.NEVER.answersOnDevice(1)).isFalse();
    }

    private static int count(boolean[] values) {
        int n = 0;
        for (boolean v : values) {
            if (v) {
                n++;
            }
        }
        return n;
    }
}
