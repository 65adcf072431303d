package org.mdinference.netem;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One proxied connection: a client's socket, the socket to the target, and a {@link Pipe} each way, each pipe
 * with a reader and a writer thread. A half-close travels through its pipe like data; the connection closes both
 * sockets once both directions have ended, or at once when either side fails or resets (an abort is not
 * delayed: it carries no data to shape).
 */
final class Connection {

    /** One half of a pipe, run on its own thread. */
    private interface Half {
        void run() throws IOException, InterruptedException;
    }

    private final Socket client;
    private final Socket target;
    private final Pipe up;
    private final Pipe down;
    private final Consumer<Connection> onClosed;
    private final Object lock = new Object();

    // guarded by lock
    private List<Future<?>> threads = List.of();
    private int directionsEnded;
    private boolean closed;

    /** @param onClosed told once, when the connection has closed its sockets */
    Connection(Socket client, Socket target, Pipe up, Pipe down, Consumer<Connection> onClosed) {
        this.client = client;
        this.target = target;
        this.up = up;
        this.down = down;
        this.onClosed = onClosed;
    }

    /** Starts both pipes on {@code executor}; a connection whose executor is shutting down closes instead. */
    void start(ExecutorService executor) {
        List<Future<?>> started = new ArrayList<>();
        try {
            started.add(executor.submit(() -> run(up::read, false)));
            started.add(executor.submit(() -> run(up::write, true)));
            started.add(executor.submit(() -> run(down::read, false)));
            started.add(executor.submit(() -> run(down::write, true)));
        } catch (RejectedExecutionException e) {
            started.forEach(thread -> thread.cancel(true));
            close();
            return;
        }
        boolean closedMeanwhile;
        synchronized (lock) {
            threads = started;
            closedMeanwhile = closed;
        }
        if (closedMeanwhile) {
            started.forEach(thread -> thread.cancel(true));
        }
    }

    /** Closes both sockets and stops the pipes' threads; does nothing the second time. */
    void close() {
        List<Future<?>> running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = threads;
        }
        closeQuietly(client);
        closeQuietly(target);
        running.forEach(thread -> thread.cancel(true));
        onClosed.accept(this);
    }

    /** Resets both sockets (a TCP RST each way, not an orderly close) and stops the pipes' threads. */
    void reset() {
        abortOnClose(client);
        abortOnClose(target);
        close();
    }

    /** Makes the socket's close send a RST: no linger, whatever it still had to send dropped. */
    static void abortOnClose(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // a socket already closed has nothing left to reset
        }
    }

    private void run(Half half, boolean endsDirection) {
        try {
            half.run();
            if (endsDirection && bothDirectionsEnded()) {
                close();
            }
        } catch (IOException e) {
            // The peer reset or vanished, or close() shut the socket under this thread: either way, it is over.
            close();
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
        }
    }

    private boolean bothDirectionsEnded() {
        synchronized (lock) {
            return ++directionsEnded == 2;
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing is left to do with a socket that fails to close; the other one must still be closed.
        }
    }
}
