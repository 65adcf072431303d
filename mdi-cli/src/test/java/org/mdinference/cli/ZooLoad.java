package org.mdinference.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.protocol.InferRequestBody;
import org.mdinference.protocol.OipNames;
import org.mdinference.protocol.ReplyParameters;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.protocol.ZooOutcome;

/**
 * A closed-loop load on a zoo: client threads that each send one request at a time, images of the test split as
 * PNG with {@code sla_ms}, a short pause between a reply and the next request, and record every reply as the
 * client saw it. A request with no reply within the client's own timeout, or with a reply that is neither an
 * answer nor an error that says what went wrong, is {@link Kind#LOST}.
 */
final class ZooLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a request came to. */
    enum Kind {
        /** 200, outcome {@code served}, with logits. */
        SERVED,
        /** 200, outcome {@code no_model_fits}: the explicit answer that nothing fits the time left. */
        NO_MODEL_FITS,
        /** A non-2xx reply with an {@code error} message. */
        ERROR,
        /** No reply within the client's timeout, a broken connection, or a reply that explains nothing. */
        LOST
    }

    /**
     * One request, its times on this JVM's {@link System#nanoTime} clock, and what came of it.
     *
     * @param parameters the reply's, when it is a 200
     * @param correct whether the served logits' argmax is the image's label
     * @param detail  the error's message, or why it is lost
     */
    record Sent(long sentNanos, long repliedNanos, Kind kind, int status, ReplyParameters parameters,
                boolean correct, String detail) {

        /** The member that served it. */
        Optional<String> model() {
            return parameters.model();
        }

        double latencyMs() {
            return (repliedNanos - sentNanos) / 1e6;
        }
    }

    private record Image(InferRequestBody body, int label) {
    }

    private final URI infer;
    private final Duration clientTimeout;
    private final Duration pause;
    private final List<Image> images = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean untilRefused;

    /**
     * @param zooUrl        the zoo's model URL, {@code http://host:port/v2/models/NAME}
     * @param count         images of the split to cycle through
     * @param clientTimeout how long a client waits for a reply before it counts the request as lost
     * @param pause         each client's pause between a reply and its next request
     */
    ZooLoad(String zooUrl, IdxDataset split, int count, double slaMs, Duration clientTimeout, Duration pause) {
        this.infer = URI.create(zooUrl + "/infer");
        this.clientTimeout = clientTimeout;
        this.pause = pause;
        for (int i = 0; i < count; i++) {
            images.add(new Image(InferRequestBody.builder().bytesInput("input", new long[] {1},
                    List.of(split.png(i))).binaryData(true).parameters(RequestParameters.of(slaMs)).build(),
                    split.label(i)));
        }
    }

    /**
     * Makes each client stop once a reply says 503 or no reply comes (a connection refused or reset), as a client of
     * a server that shuts down takes it out of its choices: what the server answers after that is not asked.
     */
    ZooLoad untilRefused() {
        untilRefused = true;
        return this;
    }

    /** Starts {@code threads} clients. */
    void start(int threads) {
        running = true;
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread client = new Thread(() -> loop(first, threads), "zoo-load-" + t);
            client.setDaemon(true);
            clients.add(client);
            client.start();
        }
    }

    /** Stops the clients after their requests in flight, and returns every request sent, in no order. */
    List<Sent> stop() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join(clientTimeout.toMillis() + 5_000);
            if (client.isAlive()) {
                throw new IllegalStateException(client.getName() + " is still waiting after its timeout");
            }
        }
        return List.copyOf(sent);
    }

    private void loop(int first, int step) {
        for (int i = first; running; i += step) {
            Sent one = send(images.get(i % images.size()));
            sent.add(one);
            if (untilRefused && (one.status() == 503 || one.status() == 0)) {
                return;
            }
            LockSupport.parkNanos(pause.toNanos());
        }
    }

    private Sent send(Image image) {
        HttpRequest.Builder request = HttpRequest.newBuilder(infer).timeout(clientTimeout)
                .header("Content-Type", image.body().contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(image.body().bytes()));
        image.body().jsonLength().ifPresent(length -> request.header(OipNames.INFERENCE_HEADER_CONTENT_LENGTH,
                Integer.toString(length)));
        long start = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            return new Sent(start, System.nanoTime(), Kind.LOST, 0, ReplyParameters.NONE, false,
                    "no reply within " + clientTimeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Sent(start, System.nanoTime(), Kind.LOST, 0, ReplyParameters.NONE, false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(start, System.nanoTime(), Kind.LOST, 0, ReplyParameters.NONE, false, "interrupted");
        }
        long end = System.nanoTime();
        try {
            return read(start, end, response, image.label());
        } catch (IOException | RuntimeException e) {
            return new Sent(start, end, Kind.LOST, response.statusCode(), ReplyParameters.NONE, false,
                    "a reply that is neither an answer nor an error: " + e.getMessage());
        }
    }

    private static Sent read(long start, long end, HttpResponse<byte[]> response, int label) throws IOException {
        JsonNode reply = JSON.readTree(response.body());
        int status = response.statusCode();
        if (status != 200) {
            String error = reply.path("error").asText("");
            return new Sent(start, end, error.isBlank() ? Kind.LOST : Kind.ERROR, status, ReplyParameters.NONE, false,
                    error.isBlank() ? "status " + status + " without an error message" : error);
        }
        ReplyParameters parameters;
        try (JsonParser parser = reply.path("parameters").traverse()) {
            parser.nextToken();
            parameters = ReplyParameters.read(parser);
        }
        ZooOutcome outcome = parameters.outcome().orElseThrow(() -> new IOException("no outcome"));
        if (outcome == ZooOutcome.NO_MODEL_FITS) {
            return new Sent(start, end, Kind.NO_MODEL_FITS, status, parameters, false, "no model fits");
        }
        JsonNode logits = reply.path("outputs").path(0).path("data");
        if (logits.size() != 10) {
            throw new IOException("served with " + logits.size() + " logits, not 10: " + reply.path("outputs"));
        }
        int best = 0;
        for (int c = 1; c < logits.size(); c++) {
            best = logits.get(c).asDouble() > logits.get(best).asDouble() ? c : best;
        }
        return new Sent(start, end, Kind.SERVED, status, parameters, best == label, "");
    }

    /** Milliseconds from {@code from} to {@code to}, both {@link System#nanoTime}. */
    static double ms(long from, long to) {
        return (to - from) / 1e6;
    }
}
