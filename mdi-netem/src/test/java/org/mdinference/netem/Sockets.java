package org.mdinference.netem;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Real loopback sockets for the tests: a target to proxy to, and connections through a proxy to it. */
final class Sockets {

    /** How long a test waits for something that should happen at once before calling it a failure. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    private Sockets() {
    }

    /** Both ends of one connection through a proxy. */
    record Pair(Socket client, Socket server) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    /** A listening socket on a free loopback port whose accepts give up after {@link #PATIENCE}. */
    static ServerSocket target() throws IOException {
        ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        target.setSoTimeout((int) PATIENCE.toMillis());
        return target;
    }

    static InetSocketAddress addressOf(ServerSocket target) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getLocalPort());
    }

    /** A client connected through {@code proxy}, and the target's end of that connection. */
    static Pair connect(NetemProxy proxy, ServerSocket target) throws IOException {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        client.setTcpNoDelay(true);
        client.setSoTimeout((int) PATIENCE.toMillis());
        Socket server = target.accept();
        server.setTcpNoDelay(true);
        server.setSoTimeout((int) PATIENCE.toMillis());
        return new Pair(client, server);
    }

    /** Exactly {@code bytes} bytes from {@code socket}. @throws IOException when the stream ends first */
    static byte[] readExactly(Socket socket, int bytes) throws IOException {
        byte[] data = socket.getInputStream().readNBytes(bytes);
        if (data.length < bytes) {
            throw new IOException("the stream ended after " + data.length + " of " + bytes + " bytes");
        }
        return data;
    }

    /** Whether the socket's stream has ended (or been reset), having read and dropped whatever came before. */
    static boolean ends(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // what came before the end does not matter here
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
