package org.mdinference.loadgen;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.mdinference.server.remote.NoDelaySocketFactory;

/**
 * {@code mdi loadtest --compare-clients}: the load generator's own HTTP/1.1 client ({@link LoadtestConnection})
 * against OkHttp's synchronous call, sending the same request bytes to the same server in one run, closed loop at
 * the same concurrency. The two take turns, a slice each round, so that whatever else the machine does in the
 * meantime falls on both alike. Reported per client: replies a second and latency percentiles on the client's
 * clock; the hand client stays only while OkHttp measures slower.
 */
public final class ClientComparison {

    private static final int ROUNDS = 10;

    /** One client's kept-alive connection (or call), used by one thread: sends the request, reads the whole reply. */
    private interface Exchange extends AutoCloseable {
        int send() throws IOException;

        @Override
        void close();
    }

    private final URI server;
    private final LoadtestRequest request;
    private final int concurrency;
    private final OkHttpClient okHttp;
    private final Request okHttpRequest;

    /** @param request the request to send; its bytes go out as they are on the hand client, re-framed by OkHttp */
    public ClientComparison(URI server, LoadtestRequest request, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        }
        this.server = server;
        this.request = request;
        this.concurrency = concurrency;
        OkHttpClient.Builder okHttp = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(concurrency, 5, TimeUnit.MINUTES))
                .socketFactory(new NoDelaySocketFactory());
        // the token is in the request's head already, which okHttpRequest copies
        request.access().trusted().ifPresent(trusted -> okHttp.sslSocketFactory(
                trusted.sslContext().getSocketFactory(), trusted.trustManager()));
        this.okHttp = okHttp.build();
        this.okHttpRequest = okHttpRequest(server, request.bytes());
    }

    /** Both clients for {@code warmupSeconds} each (not counted), then {@code seconds} each, in turns; prints the table. */
    public void run(double warmupSeconds, double seconds, PrintWriter out) throws InterruptedException {
        Map<String, Client> clients = new LinkedHashMap<>();
        clients.put("hand-written HTTP/1.1 (LoadtestConnection)", new Client(this::handWritten));
        clients.put("OkHttp " + okhttp3.OkHttp.VERSION + ", synchronous call, TCP_NODELAY", new Client(this::okHttp));
        for (Client client : clients.values()) {
            client.measure(warmupSeconds, null);
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (Client client : clients.values()) {
                client.measure(seconds / ROUNDS, client.recorder);
            }
        }
        out.printf(Locale.ROOT, "compare-clients: %s, %s, concurrency %d, %.1f s each in %d turns after %.1f s of"
                + " warm-up each%n", request.model(), request.binary() ? "binary tensors" : "JSON tensors",
                concurrency, seconds, ROUNDS, warmupSeconds);
        out.println("| client | replies/s | p50 ms | p90 ms | p99 ms | mean ms | errors |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        clients.forEach((name, client) -> {
            LoadtestRecorder.Snapshot s = client.recorder.snapshot();
            out.printf(Locale.ROOT, "| %s | %.0f | %.3f | %.3f | %.3f | %.3f | %d |%n", name, s.ok() / seconds,
                    s.percentileMs(0.5), s.percentileMs(0.9), s.percentileMs(0.99), s.latenciesMs().mean(),
                    s.errors());
        });
        out.flush();
        clients.values().forEach(Client::close);
        okHttp.connectionPool().evictAll();
        okHttp.dispatcher().executorService().shutdown();
    }

    private Exchange handWritten() {
        LoadtestConnection connection = new LoadtestConnection(server, request.access());
        byte[] bytes = request.bytes();
        return new Exchange() {
            @Override
            public int send() throws IOException {
                return connection.exchange(bytes).status();
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    private Exchange okHttp() {
        return new Exchange() {
            @Override
            public int send() throws IOException {
                try (Response response = okHttp.newCall(okHttpRequest).execute()) {
                    response.body().bytes();
                    return response.code();
                }
            }

            @Override
            public void close() {
                // the pool keeps the connections; run() evicts them at the end
            }
        };
    }

    /** The same request for OkHttp: the head's path and headers (less those OkHttp writes itself), the same body. */
    static Request okHttpRequest(URI server, byte[] bytes) {
        int bodyAt = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
        String[] head = new String(bytes, 0, bodyAt - 4, StandardCharsets.US_ASCII).split("\r\n");
        String[] requestLine = head[0].split(" ");
        Headers.Builder named = new Headers.Builder();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            String name = head[i].substring(0, colon).strip();
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                named.add(name, head[i].substring(colon + 1).strip());
            }
        }
        Headers headers = named.build();
        byte[] body = Arrays.copyOfRange(bytes, bodyAt, bytes.length);
        String type = headers.get("Content-Type");
        return new Request.Builder().url(server.resolve(requestLine[1]).toString()).headers(headers)
                .method(requestLine[0], RequestBody.create(body, type == null ? null : MediaType.get(type)))
                .build();
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int at = 0; at + part.length <= bytes.length; at++) {
            if (Arrays.equals(bytes, at, at + part.length, part, 0, part.length)) {
                return at;
            }
        }
        throw new IllegalArgumentException("no end of the request head");
    }

    /** One client's connections (one a thread, kept across turns) and what it measured. */
    private final class Client {
        private final Supplier<Exchange> open;
        private final List<Exchange> exchanges = new ArrayList<>();
        final LoadtestRecorder recorder = new LoadtestRecorder();

        Client(Supplier<Exchange> open) {
            this.open = open;
        }

        /** A closed loop of {@link #concurrency} threads for {@code seconds}, recorded unless {@code into} is null. */
        void measure(double seconds, @Nullable LoadtestRecorder into) throws InterruptedException {
            while (exchanges.size() < concurrency) {
                exchanges.add(open.get());
            }
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Thread> threads = new ArrayList<>();
            for (Exchange exchange : exchanges) {
                threads.add(DaemonThreads.start("mdi-compare-clients", () -> {
                    while (System.nanoTime() - end < 0) {
                        long start = System.nanoTime();
                        int status;
                        try {
                            status = exchange.send();
                        } catch (IOException | RuntimeException e) {
                            if (into != null) {
                                into.failed();
                            }
                            continue;
                        }
                        if (into != null) {
                            into.record(status == 200 ? LoadtestRecorder.Reply.answered((System.nanoTime() - start) / 1e6)
                                    : LoadtestRecorder.Reply.failed(status, (System.nanoTime() - start) / 1e6));
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }

        void close() {
            exchanges.forEach(Exchange::close);
        }
    }
}
