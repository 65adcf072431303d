package org.mdinference.traces;

/**
 * A network a simulated device sends its requests over: for each request, how long the upload takes and how
 * long the reply takes to come back.
 */
public interface Network {

    /** The name results are reported under, e.g. {@code paper:Home} or a trace file's name. */
    String name();

    /**
     * The network times of {@code requests} consecutive requests. The same seed gives the same times, so every
     * policy of a sweep meets exactly the same network.
     */
    NetworkTimes sample(int requests, long seed);
}
