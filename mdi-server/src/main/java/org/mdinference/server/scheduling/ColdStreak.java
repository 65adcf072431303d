package org.mdinference.server.scheduling;

import java.util.Optional;
import org.mdinference.core.LatencyProfile;

/**
 * Cold samples in a row. The paper's update leaves out a sample far from the profile ({@link LatencyProfile#isCold}):
 * one first run or descheduled thread must not make a model look slow. But a start-up profile measured apart from
 * the server (a bare ONNX Runtime run, where the server also builds tensors and copies outputs, on a machine with
 * other work) may be ten times off with a small deviation, and then every sample is cold and the profile never
 * learns. {@value LatencyProfile#WARM_UP_INFERENCES} cold samples in a row, as many as a profiler throws away, are
 * no outliers: the profile is what is wrong, and it starts again from them. Not thread-safe: its owner serialises
 * the calls.
 */
final class ColdStreak {

    private int count;
    private double sum;
    private double squares;

    /**
     * The profile after one more sample: the streak's own mean and deviation once it is long enough, else empty
     * (the paper's update then applies as ever).
     */
    Optional<LatencyProfile> restartAfter(LatencyProfile profile, double sampleMs) {
        if (!profile.isCold(sampleMs)) {
            reset();
            return Optional.empty();
        }
        count++;
        sum += sampleMs;
        squares += sampleMs * sampleMs;
        if (count < LatencyProfile.WARM_UP_INFERENCES) {
            return Optional.empty();
        }
        double mean = sum / count;
        double variance = Math.max(0, (squares - count * mean * mean) / (count - 1));
        reset();
        return Optional.of(new LatencyProfile(mean, Math.sqrt(variance)));
    }

    void reset() {
        count = 0;
        sum = 0;
        squares = 0;
    }
}
