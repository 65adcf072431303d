package org.mdinference.server.remote;

import java.util.OptionalDouble;

/**
 * One batch for a remote model: its FP32 input in row-major order, the output to read back, how long the caller
 * waits, and, for an mdinference member, the budget it must start the batch within.
 *
 * @param budgetMs sent as {@code sla_ms}, so that an mdinference member refuses (504) a batch it cannot start in
 *                 time rather than answer it too late; empty for a foreign server
 */
public record RemoteCall(String inputName, long[] shape, float[] values, String outputName, OptionalDouble budgetMs,
                         long timeoutNanos) {
}
