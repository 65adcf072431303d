package org.mdinference.loadgen;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * One kept-alive HTTP/1.1 connection of the load generator (inside TLS for an {@code https} URL), used by one thread at a time: the request goes out in
 * one write with {@code TCP_NODELAY}, the reply is read on the calling thread (Content-Length, chunked, or to the
 * end of a closing connection). The JDK's {@code HttpClient} hands every exchange between its selector thread and
 * an executor; on a small machine that shares its cores with the server under test those hand-offs cost more than
 * the server does, so the load generator would measure itself.
 */
final class LoadtestConnection implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 60_000;
    private static final int BUFFER = 64 * 1024;

    /** A reply: status, headers by lower-case name, body. */
    record Reply(int status, Map<String, String> headers, byte[] body) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private final InetSocketAddress address;
    /** For https: the TLS layer over the connected socket, which keeps its TCP_NODELAY. */
    private final Optional<SSLSocketFactory> tls;
    private final String host;
    private @Nullable Socket socket;
    private InputStream in;
    private OutputStream out;
    private int exchanged;

    LoadtestConnection(URI server) {
        this(server, LoadtestAccess.NONE);
    }

    /** @param access for an {@code https} URL, the CAs trusted (the host name is checked too) */
    LoadtestConnection(URI server, LoadtestAccess access) {
        boolean https = "https".equalsIgnoreCase(server.getScheme());
        int port = server.getPort() != -1 ? server.getPort() : https ? 443 : 80;
        this.host = server.getHost();
        this.address = new InetSocketAddress(host, port);
        this.tls = https ? Optional.of((SSLSocketFactory) access.tlsSockets()) : Optional.empty();
    }

    /** The head of a request with a body; the body follows it. */
    static byte[] head(String method, URI server, String path, Map<String, String> headers, int bodyLength) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (bodyLength >= 0) {
            head.append("Content-Length: ").append(bodyLength).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends a whole request (head and body) and reads its reply. A kept-alive connection the server has closed
     * meanwhile is opened anew once.
     */
    Reply exchange(byte[] request) throws IOException {
        boolean reused = socket != null && exchanged > 0;
        try {
            return exchangeOnce(request);
        } catch (IOException e) {
            close();
            if (!reused) {
                throw e;
            }
            return exchangeOnce(request);
        }
    }

    private Reply exchangeOnce(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(request);
        out.flush();
        Reply reply = read();
        exchanged++;
        if ("close".equalsIgnoreCase(reply.headers().get("connection"))) {
            close();
        }
        return reply;
    }

    private void connect() throws IOException {
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.setSoTimeout(READ_TIMEOUT_MS);
            opened.connect(address, CONNECT_TIMEOUT_MS);
            if (tls.isPresent()) {
                SSLSocket secure = (SSLSocket) tls.get().createSocket(opened, host, address.getPort(), true);
                SSLParameters parameters = secure.getSSLParameters();
                // as any https client: the certificate must name the host
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                secure.startHandshake();
                opened = secure;
            }
            in = new BufferedInputStream(opened.getInputStream(), BUFFER);
            out = new BufferedOutputStream(opened.getOutputStream(), BUFFER);
            socket = opened;
            exchanged = 0;
        } catch (IOException e) {
            opened.close();
            throw e;
        }
    }

    private Reply read() throws IOException {
        String status = line();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + status);
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + status, e);
        }
        Map<String, String> headers = new HashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).strip());
            }
        }
        byte[] body;
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
            if (body.length != Integer.parseInt(length)) {
                throw new EOFException("the connection closed inside a reply body");
            }
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked();
        } else {
            body = in.readAllBytes();
            headers.put("connection", "close");
        }
        return new Reply(code, headers, body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).strip(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length != n) {
                throw new EOFException("the connection closed inside a chunk");
            }
            body.writeBytes(chunk);
            line();
        }
    }

    /** One header line without its CRLF, as ASCII. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("the connection closed inside a reply head");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a connection of a load test: nothing left to save
            }
            socket = null;
        }
    }
}
