package org.mdinference.traces;

/** Searches in ascending arrays that may repeat values, where {@link java.util.Arrays#binarySearch} picks any copy. */
final class SortedArrays {

    private SortedArrays() {
    }

    /** The first index whose value is at least {@code key}; {@code sorted.length} when there is none. */
    static int firstAtLeast(double[] sorted, double key) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] < key) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
