package org.mdinference.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.mdinference.server.model.ServedZoo;

/** A real server on a free loopback port and a client for it; closing stops both. */
final class HttpHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final MdiServer server;
    final String base;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts the server and waits until it is ready (warmed up). */
    HttpHarness(ServerConfig.Builder config, ServedZoo zoo) {
        this(config, zoo, true);
    }

    HttpHarness(ServerConfig.Builder config, ServedZoo zoo, boolean awaitReady) {
        this(new MdiServer(config.host("127.0.0.1").port(0).build(), zoo), awaitReady);
    }

    /** Starts a server built by the caller (on a loopback address and port 0) and waits until it is ready. */
    HttpHarness(MdiServer server, boolean awaitReady) {
        this.server = server;
        base = "http://127.0.0.1:" + server.start();
        if (awaitReady) {
            try {
                server.awaitReady(Duration.ofMinutes(5));
            } catch (Exception e) {
                throw new IllegalStateException("the server did not get ready", e);
            }
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(postRequest(path, body));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
        return client.sendAsync(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of raw bytes with the binary tensor extension's header giving the JSON part's length. */
    HttpResponse<byte[]> postBinary(String path, byte[] body, int jsonLength) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Inference-Header-Content-Length", Integer.toString(jsonLength))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest postRequest(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Spins until a batch of the model runs: a test holding its model's gate knows what is in flight. */
    void awaitRunning(String model) {
        while (server.service().queueState(model).runningItems()[0] == 0) {
            Thread.onSpinWait();
        }
    }

    /** Spins until at least {@code items} items wait in the model's queue. */
    void awaitQueued(String model, int items) {
        while (server.service().queueState(model).queuedItems() < items) {
            Thread.onSpinWait();
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return parse(response.body());
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
