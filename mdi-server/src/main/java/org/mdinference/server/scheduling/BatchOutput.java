package org.mdinference.server.scheduling;

/**
 * What a batch's run gave: each item's output and, for a batch run by another server, how long that server queued
 * it before running it (its reply's {@code queue_ms}; 0 when it runs here or the server does not say).
 */
public record BatchOutput(float[][] outputs, double remoteQueueMs) {
}
