package org.mdinference.server.scheduling;

/** The expected wait before a request's inference starts, and its standard deviation. */
public record QueueWait(double meanMs, double stdMs) {
}
