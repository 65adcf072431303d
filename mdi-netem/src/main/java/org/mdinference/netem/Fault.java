package org.mdinference.netem;

/**
 * A fault a {@link NetemProxy} plays on top of its shaping, switched at any moment with {@link NetemProxy#fault}:
 * what a device meets when the server or the path to it breaks, so that a client's tests can meet it on real
 * sockets.
 */
public enum Fault {

    /** No fault: every byte goes through as the trace shapes it. */
    NONE,

    /**
     * Nothing is delivered, either way, on any connection: a hung server, or a path that stopped. Connections are
     * still accepted (and connected to the target), and what clients send is still read and held, as a hung
     * server's kernel does; when the stall ends, what was held goes on, each byte as soon as the trace lets it.
     */
    STALL,

    /**
     * Every open connection is reset at once, both ends, as a crashed server or a middlebox that lost its state
     * does (a TCP RST, not an orderly close), and every connection accepted meanwhile is reset as soon as it is
     * accepted.
     */
    RESET
}
