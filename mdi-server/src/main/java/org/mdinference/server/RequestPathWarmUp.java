package org.mdinference.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.mdinference.protocol.BearerTokens;
import org.mdinference.protocol.InferRequestBody;
import org.mdinference.protocol.OipNames;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.server.access.LoopbackAccess;
import org.mdinference.server.http.OipRoutes;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.model.ServedZoo;

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
    static final int ROUNDS = 300;
    /**
     * The zoo's rounds give it this many times the fastest member's time, so that the decision picks a fast member
     * (running the whole path of a served zoo request) and the rounds stay short.
     */
    static final double ZOO_ROUND_SLA_FACTOR = 4;
    static final int IMAGE_ROUNDS = 10;
    /** But no longer than this. */
    static final long MAX_NANOS = 2_000_000_000L;
    private static final int SIDE = 28;

    private final InferenceService service;
    private final String token;
    /** The server's own bearer token, set for a run. */
    private Optional<String> authorization = Optional.empty();

    RequestPathWarmUp(InferenceService service, String token) {
        this.service = service;
        this.token = token;
    }

    /**
     * @throws IllegalStateException when a warm-up request fails: the server would fail real ones too
     */
    void run(URI server, LoopbackAccess access) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        access.sslContext().ifPresent(builder::sslContext);
        HttpClient client = builder.build();
        this.authorization = access.authorization();
        ServedZoo zoo = service.zoo();
        ServedModel fastest = zoo.fastest();
        Optional<RequestParameters> fastChoice = Optional.of(RequestParameters.of(
                Math.max(1, ZOO_ROUND_SLA_FACTOR * fastest.costs().singleMs())));
        long deadline = System.nanoTime() + MAX_NANOS;
        for (int round = 0; round < ROUNDS && System.nanoTime() - deadline < 0; round++) {
            if (fastest.available()) {
                serve(client, server, fastest, fastest.name(), Optional.empty(), round < IMAGE_ROUNDS);
            }
            serve(client, server, fastest, zoo.name(), fastChoice, false);
        }
        // a remote member whose endpoints do not answer yet is out of service (503): it is warm when it returns
        for (ServedModel member : zoo.members()) {
            if (member.available()) {
                serve(client, server, member, member.name(), Optional.empty(), false);
            }
        }
        serve(client, server, fastest, zoo.name(), Optional.of(RequestParameters.of(1e6)), false);
    }

    /** @param parameters a zoo request's; none for a member */
    private void serve(HttpClient client, URI server, ServedModel member, String model,
                       Optional<RequestParameters> parameters, boolean withImage) {
        long[] shape = member.input().forBatch(1);
        float[] values = member.input().seededItems(1, member.input().itemElements());
        String name = member.inputSpec().name();
        URI infer = server.resolve("/v2/models/" + model + "/infer");
        post(client, infer, request(parameters).fp32Input(name, shape, values).build(), true);
        post(client, infer, request(parameters).fp32Input(name, shape, values).binaryData(true)
                .binaryOutput(member.output().name()).build(), true);
        if (withImage) {
            // a model that takes raw tensors only, or images of another size, refuses it: its image path stays cold
            post(client, infer, request(parameters).bytesInput(name, new long[] {1}, List.of(png())).build(),
                    false);
        }
    }

    private static InferRequestBody.Builder request(Optional<RequestParameters> parameters) {
        InferRequestBody.Builder request = InferRequestBody.builder();
        return parameters.isPresent() ? request.parameters(parameters.get()) : request;
    }

    private void post(HttpClient client, URI uri, InferRequestBody body, boolean mustSucceed) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1))
                .header(OipRoutes.WARM_UP_HEADER, token).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        body.jsonLength().ifPresent(n -> request.header(OipNames.INFERENCE_HEADER_CONTENT_LENGTH,
                Integer.toString(n)));
        authorization.ifPresent(value -> request.header(BearerTokens.AUTHORIZATION, value));
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

    /** A 28x28 grey PNG of a fixed pattern: its content does not matter. */
    static byte[] png() {
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
        return out.toByteArray();
    }
}
