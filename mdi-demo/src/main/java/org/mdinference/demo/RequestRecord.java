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
 */
public record RequestRecord(int device, int request, int image, int label, Optional<Integer> answer,
                            boolean onDevice, double latencyMs, Optional<String> cloudModel) {

    /** Whether the answer the app got is the image's true label. */
    public boolean correct() {
        return answer.isPresent() && answer.get() == label;
    }
}
