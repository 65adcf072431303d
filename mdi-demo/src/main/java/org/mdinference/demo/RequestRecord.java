package org.mdinference.demo;

import java.util.Optional;

/**
 * What one device measured of one request. Every policy and SLA of a network gives each device the same images in the
 * same order, so {@code (device, request)} and {@code image} name the same pair in every cell: what a paired
 * comparison of two cells matches on.
 *
 * @param device     which emulated device sent it, 0 to {@code devices - 1}
 * @param request    its place in that device's sequence within the cell, from 0
 * @param image      which of the demo's images, 0 to {@code images - 1}
 * @param label      the image's true label
 * @param answer     the label the app got; empty when neither side answered
 * @param onDevice   whether the device's own model gave that answer
 * @param latencyMs  from the call to the answer, on the device's clock
 * @param cloudModel the zoo member whose answer the app got, when the cloud's answer was used
 * @param cloud      what became of the cloud call, as the SDK says ({@code CloudOutcome.Status}, lower case:
 *                   served, no_model_fits, late, failed, skipped, gated), or {@value #NO_ANSWER} when neither side
 *                   answered
 * @param bytesSent  HTTP bytes the SDK wrote for the request by the time it was answered; 0 when gated
 */
public record RequestRecord(int device, int request, int image, int label, Optional<Integer> answer,
                            boolean onDevice, double latencyMs, Optional<String> cloudModel, String cloud,
                            long bytesSent) {

    /** The cloud status of a request neither side answered: the SDK gave no outcome. */
    public static final String NO_ANSWER = "none";

    /** The cloud status of a request the device's confidence gate answered alone, sending nothing. */
    public static final String GATED = "gated";

    /** Whether the device's confidence gate answered it alone, without asking the cloud. */
    public boolean gated() {
        return cloud.equals(GATED);
    }

    /** Whether the answer the app got is the image's true label. */
    public boolean correct() {
        return answer.isPresent() && answer.get() == label;
    }
}
