package org.mdinference.client;

import java.util.Locale;
import java.util.Optional;

/**
 * The answer an app gets: the class, how sure the answering model is, which side answered, and when. Immutable.
 */
public final class Classification {

    /** Which side's model answered. */
    public enum Source {
        /** A member of the server's zoo. */
        CLOUD,
        /** The device's own model. */
        DEVICE
    }

    private final int label;
    private final double confidence;
    private final Source source;
    private final double latencyMs;
    private final CloudOutcome cloud;

    Classification(Prediction prediction, Source source, double latencyMs, CloudOutcome cloud) {
        this.label = prediction.label();
        this.confidence = prediction.confidence();
        this.source = source;
        this.latencyMs = latencyMs;
        this.cloud = cloud;
    }

    /** The class: the index of the largest logit, in the zoo's label order. */
    public int label() {
        return label;
    }

    /** The answering model's probability of that class: the softmax of its logits, in (0, 1]. */
    public double confidence() {
        return confidence;
    }

    /** Which side's model answered: a zoo member in the cloud, or the device's own. */
    public Source source() {
        return source;
    }

    /** The zoo member that answered, when the cloud did. */
    public Optional<String> cloudModel() {
        return source == Source.CLOUD ? cloud.model() : Optional.<String>empty();
    }

    /** From the call to classify until the answer was there, ms, as measured on the device. */
    public double latencyMs() {
        return latencyMs;
    }

    /** What became of the cloud call. */
    public CloudOutcome cloud() {
        return cloud;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "class %d (%.1f %%) from the %s in %.1f ms; cloud: %s", label,
                100 * confidence, source == Source.CLOUD ? "cloud" : "device", latencyMs, cloud);
    }
}
