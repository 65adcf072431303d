package org.mdinference.server.remote;

import java.util.OptionalDouble;

/**
 * A remote model's answer to one batch: the output asked for, in row-major order, and the timings an mdinference
 * server adds to its reply's parameters (absent from a foreign server's).
 */
public record RemoteReply(long[] shape, float[] values, OptionalDouble queueMs, OptionalDouble inferenceMs) {
}
