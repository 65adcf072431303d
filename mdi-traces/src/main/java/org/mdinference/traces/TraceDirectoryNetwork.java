package org.mdinference.traces;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A collection of traces taken as one network, such as all of a study's recordings: each request meets the
 * trace of a file chosen uniformly at random, so every file weighs the same whatever its length. The requests
 * that meet one file are consecutive on that file's clock, spaced by the request interval, so within a file a
 * network's good and bad stretches last as they did.
 */
public final class TraceDirectoryNetwork implements Network {

    private final String name;
    private final List<Network> traces;
    private final int skippedFiles;

    TraceDirectoryNetwork(String name, List<Network> traces, int skippedFiles) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException(name + ": a trace collection needs at least one trace");
        }
        this.name = name;
        this.traces = List.copyOf(traces);
        this.skippedFiles = skippedFiles;
    }

    @Override
    public String name() {
        return name;
    }

    /** How many traces the collection holds. */
    public int traceCount() {
        return traces.size();
    }

    /** How many files of the directory were not recognised as traces (documentation files not counted). */
    public int skippedFiles() {
        return skippedFiles;
    }

    @Override
    public NetworkTimes sample(int requests, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] traceOf = new int[requests];
        int[] requestsOf = new int[traces.size()];
        for (int i = 0; i < requests; i++) {
            traceOf[i] = random.nextInt(traces.size());
            requestsOf[traceOf[i]]++;
        }
        NetworkTimes[] timesOf = new NetworkTimes[traces.size()];
        for (int trace = 0; trace < traces.size(); trace++) {
            timesOf[trace] = traces.get(trace).sample(requestsOf[trace], random.nextLong());
        }
        double[] uploadMs = new double[requests];
        double[] returnMs = new double[requests];
        int[] taken = new int[traces.size()];
        for (int i = 0; i < requests; i++) {
            NetworkTimes times = timesOf[traceOf[i]];
            int next = taken[traceOf[i]]++;
            uploadMs[i] = times.uploadMs()[next];
            returnMs[i] = times.returnMs()[next];
        }
        return new NetworkTimes(uploadMs, returnMs);
    }

    @Override
    public String toString() {
        return name;
    }
}
