package org.mdinference.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A slow network between the client and a real server: a TCP relay on a loopback port that delivers every chunk
 * of bytes, either way, a fixed delay after it arrived, in order. Its round trip is twice the delay on top of
 * loopback's.
 */
final class DelayingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final URI target;
    private final long delayNanos;
    private final ScheduledExecutorService deliveries = new ScheduledThreadPoolExecutor(1, work -> {
        Thread thread = new Thread(work, "relay-delivery");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    DelayingRelay(String targetUrl, double oneWayDelayMs) throws IOException {
        this.target = URI.create(targetUrl);
        this.delayNanos = Math.round(oneWayDelayMs * 1e6);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getHost(), target.getPort());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads from one side on a thread of its own and schedules each chunk's delivery to the other. */
    private void pump(Socket from, Socket to) {
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    byte[] chunk = Arrays.copyOf(buffer, n);
                    deliveries.schedule(() -> deliver(out, chunk, to), delayNanos, TimeUnit.NANOSECONDS);
                }
                deliveries.schedule(() -> deliver(out, null, to), delayNanos, TimeUnit.NANOSECONDS);
            } catch (IOException | RejectedExecutionException e) {
                // one side went away, or the relay is closing: the other side finds out from its own socket
            }
        }, "relay-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Writes a chunk, or passes the end of the stream on when it is null. */
    private static void deliver(OutputStream out, byte[] chunk, Socket to) {
        try {
            if (chunk == null) {
                to.shutdownOutput();
            } else {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException e) {
            // the receiving side is gone
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        deliveries.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
