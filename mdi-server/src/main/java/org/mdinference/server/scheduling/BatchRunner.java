package org.mdinference.server.scheduling;

/** Runs one batch of n items laid out one after another and returns each item's output. */
@FunctionalInterface
public interface BatchRunner {

    float[][] run(float[] batch, int n);
}
