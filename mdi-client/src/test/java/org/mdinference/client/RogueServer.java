package org.mdinference.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real TCP server on a loopback port that does not behave: it accepts and then never replies, or it replies with
 * whatever bytes it is given, to every request it reads.
 */
final class RogueServer implements AutoCloseable {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length:\\s*(\\d+)");

    private final ServerSocket listener;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    private RogueServer(byte[] reply) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> serve(reply), "rogue-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Accepts connections, reads what comes and never answers. */
    static RogueServer silent() throws IOException {
        return new RogueServer(new byte[0]);
    }

    /** Answers every request it reads with these bytes, then closes the connection. */
    static RogueServer replying(String raw) throws IOException {
        return new RogueServer(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Requests read whole so far. */
    int requestsRead() {
        return requests.get();
    }

    /** Connections accepted that the client has not closed yet. */
    int openConnections() {
        return open.get();
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void serve(byte[] reply) {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                accepted.add(socket);
                open.incrementAndGet();
                Thread connection = new Thread(() -> {
                    answer(socket, reply, requests);
                    open.decrementAndGet();
                }, "rogue-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(Socket socket, byte[] reply, AtomicInteger requests) {
        try {
            InputStream in = socket.getInputStream();
            if (readRequest(in)) {
                requests.incrementAndGet();
            }
            if (reply.length == 0) {
                while (in.read() >= 0) {
                    // silent: keep reading until the client gives up
                }
                return;
            }
            socket.getOutputStream().write(reply);
            socket.getOutputStream().flush();
            socket.close();
        } catch (IOException e) {
            // the client hung up: that is all a rogue server needs to know
        }
    }

    /** Reads one HTTP request: its head, then as many bytes as its Content-Length says; false if it ended first. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
        }
        Matcher length = CONTENT_LENGTH.matcher(head.toString(StandardCharsets.ISO_8859_1));
        if (length.find()) {
            int body = Integer.parseInt(length.group(1));
            return in.readNBytes(body).length == body;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
