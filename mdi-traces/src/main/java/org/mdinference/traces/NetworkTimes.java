package org.mdinference.traces;

/**
 * Per-request network times in ms: {@code uploadMs[i]} until the server has request i, {@code returnMs[i]} for
 * its reply to reach the device. Arrays are owned by this value; callers do not modify them.
 */
public record NetworkTimes(double[] uploadMs, double[] returnMs) {

    public NetworkTimes {
        if (uploadMs.length != returnMs.length) {
            throw new IllegalArgumentException("upload and return times differ in count: "
                    + uploadMs.length + " vs " + returnMs.length);
        }
    }

    public int size() {
        return uploadMs.length;
    }

    /** Upload plus return of request i: what the network costs it end to end. */
    public double roundTripMs(int i) {
        return uploadMs[i] + returnMs[i];
    }
}
