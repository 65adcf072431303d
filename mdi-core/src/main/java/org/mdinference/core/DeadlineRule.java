package org.mdinference.core;

/**
 * On-device request duplication: the device runs its own model on every request while the cloud works on it.
 * The cloud's answer is used when it arrives by the deadline. Otherwise the device's answer is returned at the
 * deadline, or as soon as it exists if the device itself is slower than the SLA; if neither is ready at the
 * deadline, whichever comes first is returned. Without duplication the device waits for the cloud, however late.
 */
public final class DeadlineRule {

    private DeadlineRule() {
    }

    public static Answer resolve(double slaMs, double cloudMs, double deviceMs, boolean duplication) {
        if (!duplication || cloudMs <= slaMs) {
            return new Answer(Answer.Source.CLOUD, cloudMs);
        }
        if (deviceMs <= slaMs) {
            return new Answer(Answer.Source.DEVICE, slaMs);
        }
        return deviceMs <= cloudMs
                ? new Answer(Answer.Source.DEVICE, deviceMs)
                : new Answer(Answer.Source.CLOUD, cloudMs);
    }
}
