package org.mdinference.traces;

/**
 * One direction of a traced network: a capacity that repeats with the trace's period. Times are ms on the
 * trace's clock, which starts at 0 and runs on past the period (the trace wraps around).
 *
 * <p>The simulator integrates a request's bytes over it; mdi-netem shapes real sockets with it.
 */
public interface Link {

    /** How long one pass of the trace lasts, in ms; always positive. */
    double periodMs();

    /** How long pushing {@code bytes} through this link takes when the transfer starts at {@code startMs}. */
    double transferMs(double startMs, long bytes);

    /** The bytes one pass of the trace carries, divided by its period: the link's average capacity. */
    double meanBytesPerMs();

    /** This link with every rate (or every packet's capacity) multiplied by {@code factor}. */
    Link scaled(double factor);
}
