package org.mdinference.netem;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy shaped by a trace: it accepts connections on a local port and forwards each to a target,
 * every byte one way delayed by the time the trace's link for that way takes to push it through (behind what
 * was sent before it, on any connection) plus half the base RTT. The proxy's trace clock starts, at the
 * shaping's offset, when the proxy starts.
 *
 * <p>Each connection takes four threads (a reader and a writer each way) and holds at most 4 MiB each way
 * between reading and delivering, beyond which TCP's flow control holds its sender back; half-closes travel in
 * order with the data, resets and failures close both sides at once. Closing the proxy closes every connection
 * and stops every thread.
 *
 * <p>It can also play a {@link Fault} on top of the shaping, switched at any moment: stall every byte, or reset
 * every connection, until switched back.
 */
public final class NetemProxy implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NetemProxy.class.getName());
    private static final int BACKLOG = 50;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ACCEPT_RETRY = Duration.ofMillis(100);

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final TraceClock clock;
    private final LinkSchedule uplink;
    private final LinkSchedule downlink;
    private final LongAdder bytesUp = new LongAdder();
    private final LongAdder bytesDown = new LongAdder();
    private final ExecutorService threads;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final FaultGate gate = new FaultGate();

    private NetemProxy(Shaping shaping, InetSocketAddress target, ServerSocket listener, Ticker ticker) {
        this.target = target;
        this.listener = listener;
        this.clock = TraceClock.startingNow(ticker, shaping.offsetMs());
        this.uplink = new LinkSchedule(shaping.links().uplink(), shaping.oneWayDelayMs());
        this.downlink = new LinkSchedule(shaping.links().downlink(), shaping.oneWayDelayMs());
        this.threads = Executors.newCachedThreadPool(daemonThreads("netem-" + listener.getLocalPort() + "-"));
    }

    /**
     * A proxy listening on the loopback address, accepting connections from now on.
     *
     * @param port   the port to listen on; 0 for any free one ({@link #port()} says which)
     * @param target where each accepted connection goes; it is connected to when a client connects, so it need
     *               not be up yet
     * @throws IllegalArgumentException when the target's host name could not be resolved
     * @throws IOException              when the port cannot be listened on (in use, say)
     */
    public static NetemProxy start(Shaping shaping, int port, InetSocketAddress target) throws IOException {
        return start(shaping, port, target, Ticker.SYSTEM);
    }

    /** The same on the caller's time: a test's, which moves only when the test moves it. */
    static NetemProxy start(Shaping shaping, int port, InetSocketAddress target, Ticker ticker) throws IOException {
        Objects.requireNonNull(shaping, "shaping");
        if (target.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve the target's host " + target.getHostString());
        }
        ServerSocket listener = new ServerSocket();
        try {
            // A proxy restarted on its usual port should not wait out the last one's TIME_WAIT.
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on loopback port " + port + ": " + e.getMessage(), e);
        }
        NetemProxy proxy = new NetemProxy(shaping, target, listener, ticker);
        proxy.threads.execute(proxy::accept);
        return proxy;
    }

    /** The loopback port the proxy listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Bytes handed to the target so far, over all connections; whatever the target has read is counted. */
    public long bytesUp() {
        return bytesUp.sum();
    }

    /** Bytes handed to clients so far, over all connections; whatever a client has read is counted. */
    public long bytesDown() {
        return bytesDown.sum();
    }

    /**
     * Plays a fault from now on, until the next call: {@link Fault#STALL} holds every byte, {@link Fault#RESET}
     * resets every connection, open or new, {@link Fault#NONE} ends either (connections reset stay closed; held
     * bytes go on). A proxy starts with none.
     */
    public void fault(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        gate.set(fault);
        if (fault == Fault.RESET) {
            connections.forEach(Connection::reset);
        }
    }

    /** The fault it plays now. */
    public Fault fault() {
        return gate.fault();
    }

    /** Where a reading of the proxy's ticker ({@link System#nanoTime()} unless a test's) falls on its trace, ms. */
    double traceMs(long nanoTime) {
        return clock.msAt(nanoTime);
    }

    /**
     * Stops accepting, closes every connection (their clients and targets see them end) and waits a few seconds
     * at most for every thread of the proxy to stop.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "netem: closing the listening socket failed: " + e.getMessage());
        }
        connections.forEach(Connection::close);
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "netem: some connection threads did not stop within " + CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!closed.get()) {
            try {
                Socket client = listener.accept();
                try {
                    threads.execute(() -> open(client));
                } catch (RejectedExecutionException e) {
                    // The proxy closed while this client came in.
                    Connection.closeQuietly(client);
                    return;
                }
            } catch (IOException e) {
                if (closed.get()) {
                    return;
                }
                LOG.log(Level.WARNING, "netem: accepting a connection failed: " + e.getMessage());
                // Running out of file descriptors fails again at once: a pause keeps the loop from spinning.
                LockSupport.parkNanos(ACCEPT_RETRY.toNanos());
            }
        }
    }

    private void open(Socket client) {
        if (gate.fault() == Fault.RESET) {
            Connection.abortOnClose(client);
            Connection.closeQuietly(client);
            return;
        }
        Socket upstream = new Socket();
        try {
            // Nagle's algorithm would hold a small write back for up to an RTT: shaping is the proxy's job alone.
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, (int) CONNECT_TIMEOUT.toMillis());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "netem: cannot reach " + target + " (" + e.getMessage() + "); closing the connection"
                    + " from " + client.getRemoteSocketAddress());
            Connection.closeQuietly(client);
            Connection.closeQuietly(upstream);
            return;
        }
        Connection connection = new Connection(client, upstream,
                new Pipe(client, upstream, uplink, clock, bytesUp, gate),
                new Pipe(upstream, client, downlink, clock, bytesDown, gate),
                connections::remove);
        connections.add(connection);
        // close() or a reset may have gone through the connections before this one was added.
        if (closed.get()) {
            connection.close();
        } else if (gate.fault() == Fault.RESET) {
            connection.reset();
        } else {
            connection.start(threads);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            // A proxy left open must not keep its JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }
}
