package org.mdinference.server.http;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.mdinference.protocol.OipNames;
import org.mdinference.server.Draining;
import org.mdinference.server.InferenceService;
import org.mdinference.server.ServedMetadata;
import org.mdinference.server.metrics.Outcome;
import org.mdinference.server.metrics.RequestLog;
import org.mdinference.server.metrics.ServerMetrics;
import org.mdinference.server.protocol.EncodedReply;
import org.mdinference.server.protocol.InferReplyEncoder;
import org.mdinference.server.protocol.InferRequest;
import org.mdinference.server.protocol.InferRequestDecoder;
import org.mdinference.server.protocol.InferResponse;
import org.mdinference.server.protocol.OipException;

/**
 * The Open Inference Protocol's REST routes (health, server and model metadata, readiness, infer; each model route
 * also under {@code /versions/1}) and Prometheus' {@code /metrics}. Inference is asynchronous: the Jetty thread
 * decodes and admits the request, the model's batcher completes it.
 */
public final class OipRoutes {

    /** The header that marks the server's own warm-up requests, with the server's secret token. */
    public static final String WARM_UP_HEADER = "Mdi-Warm-Up";

    private final InferenceService service;
    private final InferRequestDecoder decoder;
    private final InferReplyEncoder encoder;
    private final ErrorReplies errors;
    private final ServerMetrics metrics;
    private final RequestLog log;
    private final LongSupplier nanoClock;
    private final long maxBodyBytes;
    private final Duration timeout;
    private final String version;
    private final BooleanSupplier ready;
    private final InferenceService warmUpService;
    private final String warmUpToken;

    /**
     * @param ready         whether the models are warm and requests are served
     * @param warmUpService serves this process's own warm-up requests on the path real ones take, with metrics
     *                      and live profiles of its own
     * @param warmUpToken   the secret of those requests ({@value #WARM_UP_HEADER}): they are served before the
     *                      server is ready, and counted nowhere
     */
    public OipRoutes(InferenceService service, InferRequestDecoder decoder, InferReplyEncoder encoder,
                     ServerMetrics metrics, RequestLog log, LongSupplier nanoClock, long maxBodyBytes, Duration timeout,
                     String version, BooleanSupplier ready, InferenceService warmUpService, String warmUpToken) {
        this.service = service;
        this.decoder = decoder;
        this.encoder = encoder;
        this.errors = new ErrorReplies(encoder);
        this.metrics = metrics;
        this.log = log;
        this.nanoClock = nanoClock;
        this.maxBodyBytes = maxBodyBytes;
        this.timeout = timeout;
        this.version = version;
        this.ready = ready;
        this.warmUpService = warmUpService;
        this.warmUpToken = warmUpToken;
    }

    public void register(JavalinDefaultRouting router) {
        router.get("/v2/health/live", ctx -> json(ctx, Map.of("live", true)));
        router.get("/v2/health/ready", ctx -> {
            boolean now = ready.getAsBoolean();
            readiness(ctx, now, Map.of("ready", now));
        });
        router.get("/v2", ctx -> json(ctx, Map.of("name", ServedMetadata.SERVER_NAME, "version", version,
                "extensions", ServedMetadata.EXTENSIONS)));
        router.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        for (String prefix : List.of("/v2/models/{model}", "/v2/models/{model}/versions/{version}")) {
            router.get(prefix, this::metadata);
            router.get(prefix + "/ready", this::ready);
            router.post(prefix + "/infer", this::infer);
        }
    }

    private void metadata(Context ctx) {
        ServedMetadata.Model model = ServedMetadata.model(service, model(ctx));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("name", model.name());
        reply.put("versions", model.versions());
        reply.put("platform", model.platform());
        reply.put("inputs", model.inputs().stream().map(OipRoutes::tensor).toList());
        reply.put("outputs", model.outputs().stream().map(OipRoutes::tensor).toList());
        if (!model.members().isEmpty()) {
            reply.put("parameters", Map.of("members", model.members()));
        }
        json(ctx, reply);
    }

    private static Map<String, Object> tensor(ServedMetadata.Tensor tensor) {
        return Map.of("name", tensor.name(), "datatype", tensor.datatype(), "shape", tensor.shape());
    }

    private void ready(Context ctx) {
        boolean now = ready.getAsBoolean();
        readiness(ctx, now, Map.of("name", model(ctx), "ready", now));
    }

    /** 200 when ready; 503 while warming up and while draining, as a readiness probe expects. */
    private void readiness(Context ctx, boolean now, Map<String, Object> reply) {
        ctx.status(now ? 200 : 503);
        json(ctx, reply);
    }

    private void infer(Context ctx) {
        String model = model(ctx);
        boolean warmUp = warmUpToken.equals(ctx.header(WARM_UP_HEADER));
        if (!warmUp && !ready.getAsBoolean()) {
            throw service.draining().active() ? Draining.refusal()
                    : OipException.busy("the server is warming its models up; retry in a moment", 1);
        }
        byte[] body = BoundedBody.read(ctx, maxBodyBytes);
        // the server's time starts once the request is here: reading the body waits on the upload, which the
        // device counts in elapsed_ms; counting it twice would shrink the budget, and the device's estimate of its
        // link (network time = round trip - server_ms) would take a slow upload for a slow server
        long received = nanoClock.getAsLong();
        InferRequest request = decoder.decode(body, jsonLength(ctx));
        // the request timeout fails the reply (504), which withdraws the job from its queue. A client that goes away
        // is not seen: Jetty 11 watches no HTTP/1.1 connection while its request waits asynchronously, neither a
        // close nor a reset nor the idle timeout (jetty/jetty.project#824), so its job still runs unless its
        // latest start (sla_ms) has passed by then
        CompletableFuture<InferResponse> reply = (warmUp ? warmUpService : service).infer(model, request, received)
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (reply.isDone()) {
            // run at once on this thread (an idle queue, a zoo answer that no model fits): no async round trip
            respond(ctx, model, request, warmUp, reply.handle((response, failure) -> failure).join(),
                    reply.isCompletedExceptionally() ? null : reply.join());
        } else {
            // written by the batcher thread that completed it: handing each reply to an HTTP thread instead cost
            // more than it saved (docs/performance.md, "The server")
            ctx.future(() -> reply.handle((response, failure) -> {
                respond(ctx, model, request, warmUp, failure, response);
                return null;
            }));
        }
    }

    private void respond(Context ctx, String model, InferRequest request, boolean warmUp, @Nullable Throwable failure,
                         @Nullable InferResponse response) {
        if (failure != null) {
            int status = errors.write(ctx, failure);
            if (!warmUp) {
                metrics.request(model, Outcome.ofStatus(status));
                log.request(model, status, Map.of());
            }
        } else {
            EncodedReply encoded = encoder.encode(response, request.binaryOutputs());
            encoded.jsonLength().ifPresent(n -> ctx.header(OipNames.INFERENCE_HEADER_CONTENT_LENGTH,
                    Integer.toString(n)));
            ctx.contentType(encoded.contentType()).result(encoded.body());
            if (!warmUp) {
                log.request(model, 200, response.parameters().toMap());
            }
        }
    }

    /** A failure before the request was admitted; counted under the model only when it exists. */
    public void failed(Exception failure, Context ctx) {
        int status = errors.write(ctx, failure);
        String model = ctx.pathParamMap().get("model");
        boolean warmUp = warmUpToken.equals(ctx.header(WARM_UP_HEADER));
        if (model != null && ctx.method().name().equals("POST") && !warmUp) {
            String known = service.serves(model) ? model : "unknown";
            metrics.request(known, Outcome.ofStatus(status));
            log.request(known, status, Map.of());
        }
    }

    /** The model the path names; 404 for one not served, or a version other than the one it has. */
    private String model(Context ctx) {
        String model = ctx.pathParam("model");
        ServedMetadata.checkServed(service, model, Optional.ofNullable(ctx.pathParamMap().get("version")));
        return model;
    }

    private static OptionalInt jsonLength(Context ctx) {
        String header = ctx.header(OipNames.INFERENCE_HEADER_CONTENT_LENGTH);
        if (header == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(header.strip()));
        } catch (NumberFormatException e) {
            throw OipException.badRequest(OipNames.INFERENCE_HEADER_CONTENT_LENGTH + " must be a number of bytes, got "
                    + header);
        }
    }

    private void json(Context ctx, Object value) {
        ctx.contentType("application/json").result(encoder.json(value));
    }
}
