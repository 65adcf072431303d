package org.mdinference.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.mdinference.server.http.OipRoutes;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.model.ServedZoo;
import org.mdinference.server.protocol.InferCodec;

/**
 * The second half of a server's warm-up: real HTTP requests from the server to itself, as clients send them (a JSON
 * tensor, a binary tensor, a PNG in a BYTES tensor, a zoo request), a few hundred on the fastest member and on the
 * zoo, and a few on every model. They carry the server's secret {@value OipRoutes#WARM_UP_HEADER} token, so they
 * are served before the server is ready, by the server's warm-up twin of its service, and counted in no metric and
 * no live profile. Without them the first requests after "ready" spent tens of milliseconds in class loading and
 * interpreted code (Jetty's, Javalin's, the codec's, javax.imageio's); with the zoo warmed once only, and on a path
 * of its own, the first zoo request still spent milliseconds more than the tenth in the decision, the metrics and
 * the reply's futures.
 */
final class RequestPathWarmUp {

    /** Rounds on the fastest member and the zoo: enough for the JIT's first tier on the request path. */
    private static final int ROUNDS = 300;
    /**
     * The zoo's rounds give it this many times the fastest member's time, so that the decision picks a fast member
     * (running the whole path of a served zoo request) and the rounds stay short.
     */
    private static final double ZOO_ROUND_SLA_FACTOR = 4;
    private static final int IMAGE_ROUNDS = 10;
    /** But no longer than this. */
    private static final long MAX_NANOS = 2_000_000_000L;
    private static final int SIDE = 28;

    private final InferenceService service;
    private final InferCodec codec;
    private final String token;

    RequestPathWarmUp(InferenceService service, InferCodec codec, String token) {
        this.service = service;
        this.codec = codec;
        this.token = token;
    }

    /**
     * @throws IllegalStateException when a warm-up request fails: the server would fail real ones too
     */
    void run(URI server) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ServedZoo zoo = service.zoo();
        ServedModel fastest = zoo.members().stream().min(Comparator.comparingDouble(m -> m.costs().singleMs()))
                .orElseThrow();
        Map<String, Object> fastChoice = Map.of("sla_ms",
                Math.max(1, ZOO_ROUND_SLA_FACTOR * fastest.costs().singleMs()));
        long deadline = System.nanoTime() + MAX_NANOS;
        for (int round = 0; round < ROUNDS && System.nanoTime() - deadline < 0; round++) {
            serve(client, server, fastest, fastest.name(), Map.of(), round < IMAGE_ROUNDS);
            serve(client, server, fastest, zoo.name(), fastChoice, false);
        }
        for (ServedModel member : zoo.members()) {
            serve(client, server, member, member.name(), Map.of(), false);
        }
        serve(client, server, fastest, zoo.name(), Map.of("sla_ms", 1e6), false);
    }

    private void serve(HttpClient client, URI server, ServedModel member, String model,
                       Map<String, Object> parameters, boolean withImage) {
        int elements = member.input().itemElements();
        float[] values = member.input().seededItems(1, elements);
        List<Long> shape = member.input().dims().stream().map(d -> d == -1 ? 1L : d).toList();
        String name = member.inputSpec().name();
        URI infer = server.resolve("/v2/models/" + model + "/infer");
        post(client, infer, codec.bytes(Map.of("parameters", parameters, "inputs", List.of(Map.of("name", name,
                "shape", shape, "datatype", "FP32", "data", values)))), -1, true);
        byte[] header = codec.bytes(Map.of("parameters", parameters, "inputs", List.of(Map.of("name", name,
                "shape", shape, "datatype", "FP32", "parameters", Map.of("binary_data_size", 4 * elements))),
                "outputs", List.of(Map.of("name", member.output().name(), "parameters",
                        Map.of("binary_data", true)))));
        ByteBuffer body = ByteBuffer.allocate(header.length + 4 * elements).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header).asFloatBuffer().put(values);
        post(client, infer, body.array(), header.length, true);
        if (withImage) {
            // a model that takes raw tensors only, or images of another size, refuses it: its image path stays cold
            post(client, infer, codec.bytes(Map.of("parameters", parameters, "inputs", List.of(Map.of("name", name,
                    "shape", List.of(1), "datatype", "BYTES", "data", List.of(png()))))), -1, false);
        }
    }

    private void post(HttpClient client, URI uri, byte[] body, int jsonLength, boolean mustSucceed) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1))
                .header(OipRoutes.WARM_UP_HEADER, token).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (jsonLength >= 0) {
            request.header(InferCodec.HEADER_LENGTH, Integer.toString(jsonLength))
                    .header("Content-Type", "application/octet-stream");
        } else {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> reply;
        try {
            reply = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("a warm-up request to " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming up", e);
        }
        if (mustSucceed && reply.statusCode() != 200) {
            throw new IllegalStateException("a warm-up request to " + uri + " was answered " + reply.statusCode()
                    + ": " + new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String png() {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                image.getRaster().setSample(x, y, 0, (x * 9 + y * 5) & 0xff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
