package org.mdinference.demo;

import java.util.Optional;

/**
 * What one device measured of one request.
 *
 * @param image      which of the demo's images, 0 to {@code images - 1}
 * @param correct    whether the answer the app got is the image's true label
 * @param onDevice   whether the device's own model gave that answer
 * @param latencyMs  from the call to the answer, on the device's clock
 * @param cloudModel the zoo member whose answer the app got, when the cloud's answer was used
 */
record RequestRecord(int image, boolean correct, boolean onDevice, double latencyMs, Optional<String> cloudModel) {
}
