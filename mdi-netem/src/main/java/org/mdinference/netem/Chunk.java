package org.mdinference.netem;

/**
 * What one read took from a socket, with the arrival time of each of its slices ({@link LinkSchedule}); an empty
 * chunk is the end of the stream.
 */
record Chunk(byte[] data, double[] arrivalsMs) {

    static Chunk end(double arrivalMs) {
        return new Chunk(new byte[0], new double[] {arrivalMs});
    }

    boolean isEnd() {
        return data.length == 0;
    }

    int slices() {
        return arrivalsMs.length;
    }

    /** The offset just past slice {@code slice} in the data. */
    int endOf(int slice) {
        return Math.min((slice + 1) * LinkSchedule.SLICE_BYTES, data.length);
    }

    /** The last slice from {@code first} on that has arrived by {@code nowMs}; {@code first} itself at least. */
    int lastArrivedBy(int first, double nowMs) {
        int last = first;
        while (last + 1 < arrivalsMs.length && arrivalsMs[last + 1] <= nowMs) {
            last++;
        }
        return last;
    }
}
