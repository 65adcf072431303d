package org.mdinference.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import org.mdinference.server.metrics.Outcome;
import org.mdinference.server.metrics.ServerMetrics;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.model.ServedZoo;
import org.mdinference.server.protocol.InferRequest;
import org.mdinference.server.protocol.InferResponse;
import org.mdinference.server.protocol.InputTensor;
import org.mdinference.server.protocol.OipException;
import org.mdinference.server.scheduling.BatchCosts;
import org.mdinference.server.scheduling.LiveProfiles;
import org.mdinference.server.scheduling.MissedStartException;
import org.mdinference.server.scheduling.ModelQueue;
import org.mdinference.server.scheduling.QueueState;
import org.mdinference.server.scheduling.QueueWaitEstimator;
import org.mdinference.server.scheduling.Served;
import org.mdinference.server.zoo.Decision;
import org.mdinference.server.zoo.ZooParameters;
import org.mdinference.server.zoo.ZooRouter;

/**
 * Serves inference requests for every member of a zoo by its own name and for the zoo by its name, independent of
 * HTTP: a request becomes a member's input, joins that member's queue, and its future completes with the reply or
 * fails with an {@link OipException} (or the model's own exception). Owns the queues; closing it fails the jobs
 * still queued.
 */
public final class InferenceService implements AutoCloseable {

    /** Seconds a client is told to wait before it retries a full queue. */
    private static final int RETRY_AFTER_SECONDS = 1;
    /** Seeds the warm-up inputs: values in [0, 1) like a scaled image; their content does not matter. */
    private static final long WARM_UP_SEED = 28;

    private final ServedZoo zoo;
    private final ServerMetrics metrics;
    private final LongSupplier nanoClock;
    private final LiveProfiles profiles;
    private final Map<String, ModelQueue> queues = new LinkedHashMap<>();
    private final ZooRouter router;

    public InferenceService(ServedZoo zoo, ServerConfig config, ServerMetrics metrics, LongSupplier nanoClock,
                            ThreadFactory threads) {
        this.zoo = zoo;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        metrics.register(zoo.name(), zoo.members().stream().map(ServedModel::name).toList());
        Map<String, BatchCosts> costs = new LinkedHashMap<>();
        zoo.members().forEach(m -> costs.put(m.name(), m.costs()));
        this.profiles = new LiveProfiles(zoo.toZoo(), costs);
        for (ServedModel member : zoo.members()) {
            ModelQueue queue = new ModelQueue(member.name(), member.runner(), config.batching(member.costs()),
                    (model, items, ms, handOffMs) -> {
                        profiles.batchRan(model, items, ms, handOffMs);
                        metrics.batch(model, items, ms);
                    }, nanoClock, threads);
            queues.put(member.name(), queue);
            metrics.queueLength(member.name(), () -> queue.state().queuedItems());
        }
        this.router = new ZooRouter(profiles, new QueueWaitEstimator(queues, profiles, nanoClock), config.policy(),
                config.gamma(), config.seed());
    }

    public ServedZoo zoo() {
        return zoo;
    }

    public LiveProfiles profiles() {
        return profiles;
    }

    /** The largest batch a member's queue forms: the max batch, cut to what runs within the max batch time. */
    public int maxBatch(String member) {
        ModelQueue queue = queues.get(member);
        if (queue == null) {
            throw unknownModel(member);
        }
        return queue.settings().maxBatch();
    }

    /** What a member's queue holds and runs now. */
    public QueueState queueState(String member) {
        ModelQueue queue = queues.get(member);
        if (queue == null) {
            throw unknownModel(member);
        }
        return queue.state();
    }

    /** Whether {@code model} names a member or the zoo. */
    public boolean serves(String model) {
        return zoo.name().equals(model) || zoo.member(model).isPresent();
    }

    /**
     * Answers one request to a member or the zoo.
     *
     * @param receivedNanos when the request arrived, on the service's clock
     * @throws OipException 404 for an unknown model, 400 for a wrong request, 503 when the queue is full
     */
    public CompletableFuture<InferResponse> infer(String model, InferRequest request, long receivedNanos) {
        if (zoo.name().equals(model)) {
            return inferZoo(request, receivedNanos);
        }
        ServedModel member = zoo.member(model).orElseThrow(() -> unknownModel(model));
        return enqueue(member, request, Long.MAX_VALUE).thenApply(served -> {
            Map<String, Object> parameters = new LinkedHashMap<>();
            timings(parameters, member, served, receivedNanos);
            metrics.request(member.name(), Outcome.SERVED);
            return reply(model, member, request, parameters, served);
        });
    }

    private CompletableFuture<InferResponse> inferZoo(InferRequest request, long receivedNanos) {
        return serveZoo(request, ZooParameters.of(request), receivedNanos, Optional.empty());
    }

    /**
     * Decides and serves a zoo request. The chosen member's queue must reach it by the time that leaves what the
     * policy holds the member to (its mean latency, and MDInference's margin) within the budget; when the batches
     * ahead ran long and it did not, the request is decided once more with the time left (late binding: a faster
     * member may still make it), and served by that decision whatever its queue does.
     *
     * @param reroutedFrom the member whose queue missed the request, on the second decision
     */
    private CompletableFuture<InferResponse> serveZoo(InferRequest request, ZooParameters budget, long receivedNanos,
                                                      Optional<String> reroutedFrom) {
        Decision decision = router.decide(budget, (nanoClock.getAsLong() - receivedNanos) / 1e6);
        Map<String, Object> parameters = new LinkedHashMap<>();
        reroutedFrom.ifPresent(missed -> parameters.put("rerouted_from", missed));
        if (decision instanceof Decision.NoModelFits none) {
            parameters.put("model", null);
            parameters.put("outcome", Outcome.NO_MODEL_FITS.label());
            parameters.put("policy", none.policy());
            parameters.put("budget_ms", none.budgetMs());
            parameters.put("expected_queue_ms", none.expectedQueueMs());
            parameters.put("expected_finish_ms", none.expectedFinishMs());
            parameters.put("server_ms", (nanoClock.getAsLong() - receivedNanos) / 1e6);
            metrics.chosen(none.policy(), "none", none.budgetMs());
            metrics.deadlineMiss(true);
            metrics.request(zoo.name(), Outcome.NO_MODEL_FITS);
            return CompletableFuture.completedFuture(
                    new InferResponse(zoo.name(), request.id(), parameters, List.of()));
        }
        Decision.Run run = (Decision.Run) decision;
        ServedModel member = zoo.member(run.model().name()).orElseThrow();
        metrics.chosen(run.policy(), member.name(), run.budgetMs());
        long latestStart = reroutedFrom.isPresent() ? Long.MAX_VALUE
                : receivedNanos + Math.round(run.latestStartMs() * 1e6);
        return enqueue(member, request, latestStart).thenApply(served -> {
            parameters.put("model", member.name());
            parameters.put("outcome", Outcome.SERVED.label());
            parameters.put("policy", run.policy());
            parameters.put("budget_ms", run.budgetMs());
            parameters.put("expected_queue_ms", run.expectedQueueMs());
            double serverMs = timings(parameters, member, served, receivedNanos);
            boolean inTime = serverMs <= run.budgetMs();
            parameters.put("within_budget", inTime);
            if (!inTime) {
                metrics.deadlineMiss(false);
            }
            metrics.request(zoo.name(), Outcome.SERVED);
            return reply(zoo.name(), member, request, parameters, served);
        }).exceptionallyCompose(failure -> cause(failure) instanceof MissedStartException
                ? serveZoo(request, budget, receivedNanos, Optional.of(member.name()))
                : CompletableFuture.failedFuture(failure));
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Adds the served job's timings; returns the time from receipt to now. */
    private double timings(Map<String, Object> parameters, ServedModel member, Served served, long receivedNanos) {
        double serverMs = (nanoClock.getAsLong() - receivedNanos) / 1e6;
        parameters.put("queue_ms", served.queueMs());
        parameters.put("inference_ms", served.inferenceMs());
        parameters.put("batch_size", served.batchItems());
        parameters.put("server_ms", serverMs);
        metrics.queueWait(member.name(), served.queueMs());
        return serverMs;
    }

    /** @param latestStartNanos when the member's queue must reach the request; {@link Long#MAX_VALUE}: any time */
    private CompletableFuture<Served> enqueue(ServedModel member, InferRequest request, long latestStartNanos) {
        Items items = items(member, request);
        ModelQueue queue = queues.get(member.name());
        if (items.n() > queue.settings().capacity()) {
            throw OipException.badRequest("a request of " + items.n() + " items exceeds the queue capacity of "
                    + queue.settings().capacity() + " of model " + member.name() + "; send smaller batches");
        }
        Optional<CompletableFuture<Served>> admitted = queue.offer(items.values(), items.n(), latestStartNanos);
        return admitted.orElseThrow(() -> OipException.busy("model " + member.name() + " is busy: its queue of "
                + queue.settings().capacity() + " items is full; retry later", RETRY_AFTER_SECONDS));
    }

    private record Items(float[] values, int n) {
    }

    /** The request's one input as n items of the member's input: FP32 tensors as they are, BYTES as images. */
    private static Items items(ServedModel member, InferRequest request) {
        if (request.inputs().size() != 1) {
            throw OipException.badRequest("model " + member.name() + " takes one input (" + member.inputSpec().name()
                    + "), got " + request.inputs().size());
        }
        try {
            InputTensor input = request.inputs().get(0);
            if (input instanceof InputTensor.Floats floats) {
                float[] values = member.preprocessor().tensor(floats.values(), floats.shape());
                return new Items(values, (int) floats.shape()[0]);
            }
            List<byte[]> images = ((InputTensor.Bytes) input).elements();
            if (images.isEmpty()) {
                throw OipException.badRequest("input " + input.name() + " holds no images");
            }
            int itemElements = member.input().itemElements();
            float[] values = new float[images.size() * itemElements];
            for (int i = 0; i < images.size(); i++) {
                System.arraycopy(member.preprocessor().image(images.get(i)), 0, values, i * itemElements,
                        itemElements);
            }
            return new Items(values, images.size());
        } catch (IllegalArgumentException e) {
            throw OipException.badRequest(e.getMessage());
        }
    }

    private InferResponse reply(String model, ServedModel member, InferRequest request,
                                Map<String, Object> parameters, Served served) {
        float[][] outputs = served.outputs();
        int classes = outputs.length == 0 ? 0 : outputs[0].length;
        float[] values = new float[outputs.length * classes];
        for (int i = 0; i < outputs.length; i++) {
            System.arraycopy(outputs[i], 0, values, i * classes, classes);
        }
        InferResponse.Output output = new InferResponse.Output(member.output().name(),
                new long[] {outputs.length, classes}, values);
        return new InferResponse(model, request.id(), parameters, List.of(output));
    }

    /**
     * Runs every member {@code runs} times at batch 1 and {@code runs} times at the largest batch its queue forms,
     * one job after the other through the member's own queue, so that the first requests meet warm sessions,
     * allocated arenas and compiled code on the very path they take. Warm-up batches move neither the live
     * profiles nor the metrics (their first runs are cold by definition). Blocks until done.
     *
     * @throws java.util.concurrent.CompletionException with the model's failure, when a run fails
     * @throws IllegalStateException when a queue refuses a warm-up job (closed, or too small for the batch)
     */
    public void warmUp(int runs) {
        for (ServedModel member : zoo.members()) {
            ModelQueue queue = queues.get(member.name());
            int largest = Math.min(queue.settings().maxBatch(), queue.settings().capacity());
            for (int batch : largest > 1 ? new int[] {1, largest} : new int[] {1}) {
                if (!member.input().acceptsBatch(batch)) {
                    continue;
                }
                float[] items = member.input().seededItems(batch, WARM_UP_SEED);
                for (int run = 0; run < runs; run++) {
                    queue.offerWarmUp(items, batch).orElseThrow(() -> new IllegalStateException(
                            "the queue of model " + member.name() + " refused a warm-up batch of " + batch))
                            .join();
                }
            }
        }
    }

    /** The 404 a request naming no member and not the zoo gets. */
    public OipException unknownModel(String model) {
        return OipException.notFound("no model named '" + model + "'; this server serves the zoo " + zoo.name()
                + " and its members " + zoo.members().stream().map(ServedModel::name).toList());
    }

    @Override
    public void close() {
        queues.values().forEach(ModelQueue::close);
    }
}
