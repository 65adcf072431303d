package org.mdinference.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.mdinference.protocol.InferRequestBody;
import org.mdinference.protocol.OipNames;
import org.mdinference.protocol.RequestParameters;

/**
 * The soak's requests, each ready as bytes and drawn at random by weight: the zoo's with varied SLAs, a few of its
 * members' directly, as JSON tensors, binary tensors and PNG images in a BYTES tensor; malformed ones that must be
 * answered 400; and clients that give up mid-request, closing the connection after half the body, or after the
 * whole request before the reply.
 */
final class SoakMix {

    /** What a request is for, and so which answer counts as correct. */
    enum Expect {
        /** A well-formed request: 200, or an explicit error (503 when full, 504 when late) with a message. */
        ANSWER,
        /** A malformed request: 400 with a message. */
        BAD_REQUEST,
        /** Sent up to half its body, then the connection is closed. */
        ABANDON_HALF_BODY,
        /** Sent whole, then the connection is closed before the reply. */
        ABANDON_BEFORE_REPLY
    }

    /** One kind of request: its name in the report, its bytes (head and body) and what it must get. */
    record Kind(String name, byte[] bytes, Expect expect) {
    }

    /** The zoo's SLAs: tight (no model may fit under load), middling, generous. */
    private static final double[] SLAS_MS = {5, 20, 100};
    /** The members called directly: the zoo's first (cheapest) ones. */
    private static final int MEMBERS = 3;
    private static final int SIDE = 28;

    private final List<Kind> kinds;
    private final int[] weights;
    private final int total;

    private SoakMix(List<Kind> kinds, int[] weights) {
        this.kinds = List.copyOf(kinds);
        this.weights = weights.clone();
        int sum = 0;
        for (int weight : weights) {
            sum += weight;
        }
        this.total = sum;
    }

    /**
     * Builds the mix for the zoo {@code zoo} of the server, reading its members and input from the server's
     * metadata.
     *
     * @throws IOException when the server cannot be reached
     * @throws IllegalArgumentException when the server does not serve that zoo
     */
    static SoakMix build(URI server, String zoo) throws IOException {
        JsonNode metadata = LoadtestRequest.metadata(server, zoo);
        List<String> members = new ArrayList<>();
        metadata.path("parameters").path("members").forEach(member -> members.add(member.asText()));
        if (members.isEmpty()) {
            throw new IllegalArgumentException(zoo + " at " + server + " is not a zoo (its metadata names no members)");
        }
        List<Kind> kinds = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (int i = 0; i < SLAS_MS.length; i++) {
            boolean binary = i % 2 == 1;
            Optional<RequestParameters> sla = Optional.of(RequestParameters.of(SLAS_MS[i]));
            kinds.add(new Kind(String.format("zoo sla %.0f ms %s", SLAS_MS[i], binary ? "binary" : "JSON"),
                    LoadtestRequest.build(server, zoo, 1, binary, sla).bytes(), Expect.ANSWER));
            weights.add(20);
        }
        kinds.add(new Kind("zoo sla 50 ms PNG", image(server, zoo, Optional.of(RequestParameters.of(50))),
                Expect.ANSWER));
        weights.add(5);
        for (int i = 0; i < Math.min(MEMBERS, members.size()); i++) {
            String member = members.get(i);
            kinds.add(new Kind(member + " JSON", LoadtestRequest.build(server, member, 1, false, Optional.empty())
                    .bytes(), Expect.ANSWER));
            kinds.add(new Kind(member + " binary", LoadtestRequest.build(server, member, 1, true, Optional.empty())
                    .bytes(), Expect.ANSWER));
            weights.add(5);
            weights.add(5);
        }
        kinds.add(new Kind(members.get(0) + " PNG", image(server, members.get(0), Optional.empty()), Expect.ANSWER));
        weights.add(3);
        byte[] valid = kinds.get(0).bytes();
        kinds.add(new Kind("malformed JSON", json(server, zoo, "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, "),
                Expect.BAD_REQUEST));
        kinds.add(new Kind("shape and data disagree", json(server, members.get(0), "{\"inputs\": [{\"name\":"
                + " \"input\", \"datatype\": \"FP32\", \"shape\": [1, 1, 28, 28], \"data\": [0.5, 0.25]}]}"),
                Expect.BAD_REQUEST));
        kinds.add(new Kind("closed after half the body", valid, Expect.ABANDON_HALF_BODY));
        kinds.add(new Kind("closed before the reply", valid, Expect.ABANDON_BEFORE_REPLY));
        weights.addAll(List.of(3, 3, 3, 3));
        return new SoakMix(kinds, weights.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A kind at random, by weight. */
    Kind draw(Random random) {
        int pick = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return kinds.get(i);
            }
        }
        throw new AssertionError("weights sum to " + total);
    }

    /** Every kind. */
    List<Kind> kinds() {
        return kinds;
    }

    /** The kinds that must be answered 200 or an explicit error. */
    List<Kind> answered() {
        return kinds.stream().filter(kind -> kind.expect() == Expect.ANSWER).toList();
    }

    private static byte[] image(URI server, String model, Optional<RequestParameters> parameters) throws IOException {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(LoadtestRequest.SEED);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int grey = random.nextInt(256);
                image.setRGB(x, y, grey << 16 | grey << 8 | grey);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        InferRequestBody.Builder request = InferRequestBody.builder();
        parameters.ifPresent(request::parameters);
        String input = LoadtestRequest.metadata(server, model).path("inputs").path(0).path("name").asText("input");
        InferRequestBody body = request.bytesInput(input, new long[] {1}, List.of(png.toByteArray())).build();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", body.contentType());
        body.jsonLength().ifPresent(n -> headers.put(OipNames.INFERENCE_HEADER_CONTENT_LENGTH, Integer.toString(n)));
        return concat(LoadtestConnection.head("POST", server, "/v2/models/" + model + "/infer", headers,
                body.bytes().length), body.bytes());
    }

    private static byte[] json(URI server, String model, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return concat(LoadtestConnection.head("POST", server, "/v2/models/" + model + "/infer",
                Map.of("Content-Type", "application/json"), bytes.length), bytes);
    }

    private static byte[] concat(byte[] head, byte[] body) {
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}
