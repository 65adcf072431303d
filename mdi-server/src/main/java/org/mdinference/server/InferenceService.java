package org.mdinference.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import org.mdinference.core.BatchCosts;
import org.mdinference.core.Decision;
import org.mdinference.core.ZooBatching;
import org.mdinference.onnx.InferenceException;
import org.mdinference.protocol.OipNames;
import org.mdinference.protocol.ReplyParameters;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.protocol.ZooOutcome;
import org.mdinference.server.metrics.Outcome;
import org.mdinference.server.metrics.ServerMetrics;
import org.mdinference.server.model.LocalRotation;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.model.ServedZoo;
import org.mdinference.server.protocol.InferRequest;
import org.mdinference.server.protocol.InferResponse;
import org.mdinference.server.protocol.InputTensor;
import org.mdinference.server.protocol.OipException;
import org.mdinference.server.remote.RemoteMemberException;
import org.mdinference.server.scheduling.BatchObserver;
import org.mdinference.server.scheduling.BatchingSettings;
import org.mdinference.server.scheduling.LiveProfiles;
import org.mdinference.server.scheduling.MissedStartException;
import org.mdinference.server.scheduling.ModelQueue;
import org.mdinference.server.scheduling.QueueState;
import org.mdinference.server.scheduling.QueueWaitEstimator;
import org.mdinference.server.scheduling.Served;
import org.mdinference.server.zoo.ZooChoice;
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
    /** The members by name: a decision asks each candidate whether it is in service. */
    private final Map<String, ServedModel> members = new HashMap<>();
    private final ZooRouter router;
    /** How long a request without {@code sla_ms} is waited for: a remote call for it gives up then. */
    private final long requestTimeoutNanos;
    private final Draining draining = new Draining();

    public InferenceService(ServedZoo zoo, ServerConfig config, ServerMetrics metrics, LongSupplier nanoClock,
                            ThreadFactory threads) {
        this.zoo = zoo;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.requestTimeoutNanos = config.requestTimeout().toNanos();
        metrics.register(zoo.name(), zoo.members().stream().map(ServedModel::name).toList());
        Map<String, BatchCosts> costs = new LinkedHashMap<>();
        Map<String, ZooBatching.Member> batches = new LinkedHashMap<>();
        for (ServedModel member : zoo.members()) {
            members.put(member.name(), member);
            costs.put(member.name(), member.costs());
            batches.put(member.name(), new ZooBatching.Member(member.costs(), requestItems(member, config)));
        }
        this.profiles = new LiveProfiles(zoo.toZoo(), costs);
        for (ServedModel member : zoo.members()) {
            BatchingSettings local = config.batching(member.costs());
            BatchingSettings settings = new BatchingSettings(local.maxBatch(), local.maxDelay(), local.capacity(),
                    member.workers(local.workers()));
            ModelQueue queue = new ModelQueue(member.name(), member.runner(), settings,
                    new BatchObserver() {
                        @Override
                        public void batchRan(String model, int items, double batchMs, double handOffMs) {
                            profiles.batchRan(model, items, batchMs, handOffMs);
                            metrics.batch(model, items, batchMs);
                        }

                        @Override
                        public void queuedRemotely(String model, double queueMs) {
                            profiles.queuedRemotely(model, queueMs);
                        }

                        @Override
                        public void batchFailed(String model, int items, Throwable failure) {
                            metrics.memberFailure(model);
                        }
                    }, nanoClock, threads);
            queues.put(member.name(), queue);
            metrics.queueLength(member.name(), () -> queue.state().queuedItems());
            metrics.available(member.name(), member::available);
        }
        this.router = new ZooRouter(profiles, new ZooBatching(batches),
                new QueueWaitEstimator(queues, profiles, nanoClock), config.policy(), config.gamma(), config.seed(),
                (policy, accuracy) -> metrics.expectedEffectiveAccuracy(zoo.name(), policy, accuracy));
    }

    /**
     * The most items one zoo request may bring to a member: the server's max batch, or the model's own batch size
     * when it fixes one. Not the smaller batch the member's queue forms of several requests to keep each batch
     * short ({@link ServerConfig#maxBatchTime}): one request of n items runs as one batch of n, and the decision
     * counts its whole time.
     */
    private static int requestItems(ServedModel member, ServerConfig config) {
        long fixed = member.input().dims().get(0);
        return fixed > 0 ? (int) Math.min(fixed, config.maxBatch()) : config.maxBatch();
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
     * Answers one request to a member or the zoo. The caller may complete or cancel the returned future first (a
     * timeout, a client gone): the request is then withdrawn, and its queue skips it rather than run it for nobody.
     *
     * <p>A member request that carries {@code sla_ms} must be taken from the member's queue by the time that leaves
     * the member's mean run of its items within the budget ({@code sla_ms - elapsed_ms - return_ms}); when it is
     * not, it does not run and its future fails with {@link MissedStartException} (a 504), as a late answer would
     * come too late for its caller and delay the requests behind it.
     *
     * @param receivedNanos when the request arrived, on the service's clock
     * @throws OipException 404 for an unknown model, 400 for a wrong request, 503 when the queue is full or the
     *                      server drains ({@link Draining})
     */
    public CompletableFuture<InferResponse> infer(String model, InferRequest request, long receivedNanos) {
        PendingReply reply = new PendingReply();
        draining.admit(reply);
        CompletableFuture<InferResponse> answer;
        try {
            answer = zoo.name().equals(model)
                    ? serveZoo(request, zooParameters(request), receivedNanos, List.of(), reply)
                    : serveMember(zoo.member(model).orElseThrow(() -> unknownModel(model)), request, receivedNanos,
                            reply);
        } catch (RuntimeException | Error e) {
            // a refusal is an answer too: the drain no longer waits for it
            reply.completeExceptionally(e);
            throw e;
        }
        answer.whenComplete((response, failure) -> {
            if (failure != null) {
                reply.completeExceptionally(failure);
            } else {
                reply.complete(response);
            }
        });
        return reply;
    }

    private CompletableFuture<InferResponse> serveMember(ServedModel member, InferRequest request,
                                                         long receivedNanos, PendingReply answered) {
        Optional<LocalRotation.OutOfService> out = member.outOfService();
        if (out.isPresent()) {
            throw OipException.busy("model " + member.name() + " is out of service: " + out.get().reason()
                    + "; retry later", out.get().retryAfterSeconds());
        }
        checkItems(member, request);
        Items items = items(member, request);
        OptionalDouble budgetMs = request.parameters().containsKey(OipNames.SLA_MS)
                ? OptionalDouble.of(budgetMs(zooParameters(request))) : OptionalDouble.empty();
        long deadline = receivedNanos + (budgetMs.isPresent() ? Math.round(budgetMs.getAsDouble() * 1e6)
                : requestTimeoutNanos);
        return enqueue(member, items, latestStart(member, budgetMs, items.n(), receivedNanos), deadline, answered)
                .thenApply(served -> {
                    ReplyParameters.Builder parameters = ReplyParameters.builder();
                    timings(parameters, member, served, receivedNanos);
                    metrics.request(member.name(), Outcome.SERVED);
                    return reply(member.name(), member, request, parameters, served);
                });
    }

    /**
     * When a member's queue must reach a member request: the budget its {@code sla_ms} leaves, less the member's
     * expected run of n items now (its batch cost, scaled by how the live profile has drifted); any time without
     * {@code sla_ms}.
     */
    private long latestStart(ServedModel member, OptionalDouble budgetMs, int n, long receivedNanos) {
        if (budgetMs.isEmpty()) {
            return Long.MAX_VALUE;
        }
        double runMs = profiles.pace(member.name()).drift() * profiles.costs(member.name()).ms(n);
        double latestMs = budgetMs.getAsDouble() - runMs;
        return receivedNanos + Math.round(latestMs * 1e6);
    }

    /** The time the request's parameters leave the server, from its receipt to its reply. */
    private static double budgetMs(RequestParameters parameters) {
        return parameters.slaMs() - parameters.elapsedMs() - parameters.returnOrElapsedMs();
    }

    /**
     * The zoo's parameters of a request, read by mdi-protocol. A budget the network's share already uses up is no
     * error: the reply that no model fits, sent at once, is what the device needs to hear.
     *
     * @throws OipException 400 when {@code sla_ms} is missing or not positive, a time is not a finite number or
     *     negative, the policy is unknown, or {@code min_accuracy} is not a number in [0, 1]
     */
    private static RequestParameters zooParameters(InferRequest request) {
        try {
            return RequestParameters.read(request.parameters());
        } catch (IllegalArgumentException e) {
            throw OipException.badRequest(e.getMessage());
        }
    }

    /**
     * Decides and serves a zoo request. The chosen member's queue must reach it by the time that leaves what the
     * policy holds the member to (its mean latency, and MDInference's margin) within the budget; when the batches
     * ahead ran long and it did not, the request is decided once more with the time left (late binding: a faster
     * member may still make it), and served by that decision whatever its queue does. A remote member that fails
     * the request, or whose endpoints have all left the choices, and a member run here whose run fails in ONNX
     * Runtime, hand it back the same way: it is decided again
     * among the members it has not tried, with the time it has left, and none left means no model fits.
     *
     * @param tried    the members that missed or failed the request, in order, on a later decision
     * @param answered the caller's reply: once it is done, the request is withdrawn from its queue
     */
    private CompletableFuture<InferResponse> serveZoo(InferRequest request, RequestParameters budget,
                                                      long receivedNanos, List<String> tried,
                                                      PendingReply answered) {
        ZooChoice choice = router.decide(budget, itemCount(request), (nanoClock.getAsLong() - receivedNanos) / 1e6,
                name -> !tried.contains(name) && members.get(name).available());
        if (tried.isEmpty()) {
            router.shadow(choice);
        }
        Decision decision = choice.decision();
        ReplyParameters.Builder parameters = ReplyParameters.builder();
        if (!tried.isEmpty()) {
            parameters.reroutedFrom(tried.get(tried.size() - 1));
        }
        if (decision instanceof Decision.NoModelFits none) {
            parameters.outcome(ZooOutcome.NO_MODEL_FITS);
            parameters.policy(none.policy());
            parameters.budgetMs(none.budgetMs());
            parameters.expectedQueueMs(none.expectedQueueMs());
            parameters.expectedFinishMs(none.expectedFinishMs());
            parameters.serverMs((nanoClock.getAsLong() - receivedNanos) / 1e6);
            metrics.chosen(none.policy(), "none", none.budgetMs());
            metrics.deadlineMiss(true);
            metrics.request(zoo.name(), Outcome.NO_MODEL_FITS);
            return CompletableFuture.completedFuture(
                    new InferResponse(zoo.name(), request.id(), parameters.build(), List.of()));
        }
        Decision.Run run = (Decision.Run) decision;
        ServedModel member = zoo.member(run.model().name()).orElseThrow();
        metrics.chosen(run.policy(), member.name(), run.budgetMs());
        long latestStart = tried.isEmpty() ? receivedNanos + Math.round(run.latestStartMs() * 1e6) : Long.MAX_VALUE;
        long deadline = receivedNanos + Math.round(run.budgetMs() * 1e6);
        return enqueue(member, items(member, request), latestStart, deadline, answered).thenApply(served -> {
            parameters.model(member.name());
            parameters.outcome(ZooOutcome.SERVED);
            parameters.policy(run.policy());
            parameters.budgetMs(run.budgetMs());
            parameters.expectedQueueMs(run.expectedQueueMs());
            parameters.arrivalChance(choice.arrivalChance());
            parameters.expectedAccuracy(choice.expectedAccuracy());
            double serverMs = timings(parameters, member, served, receivedNanos);
            boolean inTime = serverMs <= run.budgetMs();
            parameters.withinBudget(inTime);
            if (!inTime) {
                metrics.deadlineMiss(false);
            }
            metrics.request(zoo.name(), Outcome.SERVED);
            return reply(zoo.name(), member, request, parameters, served);
        }).exceptionallyCompose(failure -> decidesAgain(cause(failure)) && !answered.answered()
                ? serveZoo(request, budget, receivedNanos, with(tried, member.name()), answered)
                : CompletableFuture.failedFuture(failure));
    }

    /**
     * A failure that leaves the request to another member: a missed start, a remote member's failure, or a local
     * member's run that failed in ONNX Runtime (another member may well run what this one could not).
     */
    private static boolean decidesAgain(Throwable cause) {
        return cause instanceof MissedStartException || cause instanceof RemoteMemberException
                || cause instanceof InferenceException;
    }

    private static List<String> with(List<String> tried, String member) {
        List<String> more = new ArrayList<>(tried);
        more.add(member);
        return more;
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Adds the served job's timings; returns the time from receipt to now. */
    private double timings(ReplyParameters.Builder parameters, ServedModel member, Served served,
                           long receivedNanos) {
        double serverMs = (nanoClock.getAsLong() - receivedNanos) / 1e6;
        parameters.queueMs(served.queueMs());
        parameters.inferenceMs(served.inferenceMs());
        parameters.batchSize(served.batchItems());
        parameters.serverMs(serverMs);
        metrics.queueWait(member.name(), served.queueMs());
        return serverMs;
    }

    /**
     * @param latestStartNanos when the member's queue must reach the request; {@link Long#MAX_VALUE}: any time
     * @param deadlineNanos    when its caller stops waiting: a remote member's call gives up then
     * @param answered         the caller's reply: once it is done, the job is cancelled, and its queue skips it
     */
    private CompletableFuture<Served> enqueue(ServedModel member, Items items, long latestStartNanos,
                                              long deadlineNanos, PendingReply answered) {
        ModelQueue queue = queues.get(member.name());
        if (items.n() > queue.settings().capacity()) {
            throw OipException.badRequest("a request of " + items.n() + " items exceeds the queue capacity of "
                    + queue.settings().capacity() + " of model " + member.name() + "; send smaller batches");
        }
        Optional<CompletableFuture<Served>> admitted = queue.offer(items.values(), items.n(), latestStartNanos,
                deadlineNanos);
        CompletableFuture<Served> job = admitted.orElseThrow(() -> OipException.busy("model " + member.name()
                + " is busy: its queue of " + queue.settings().capacity() + " items is full; retry later",
                RETRY_AFTER_SECONDS));
        answered.withdrawsOnAnswer(job);
        return job;
    }

    /**
     * How many items a zoo request holds, before a member is chosen: a tensor's first dimension, or the number of
     * images. A request that is no batch of a member's input is refused when that member's input is made of it.
     *
     * @throws OipException 400 when the request has not exactly one input
     */
    private int itemCount(InferRequest request) {
        if (request.inputs().size() != 1) {
            throw OipException.badRequest("the zoo " + zoo.name() + " takes one input, got "
                    + request.inputs().size());
        }
        InputTensor input = request.inputs().get(0);
        long items = input instanceof InputTensor.Bytes images ? images.elements().size()
                : input.shape().length == 0 ? 1 : input.shape()[0];
        return (int) Math.max(1, Math.min(items, Integer.MAX_VALUE));
    }

    private record Items(float[] values, int n) {
    }

    /**
     * A member request runs as one batch of its items, however many (a front end's batches, or an evaluation's, may
     * be larger than this server's own), but no more than the member's queue holds: such a request would be refused
     * as busy however long it waited, so it is refused as what it is, before its images are decoded.
     *
     * @throws OipException 400 for more items than the member's queue holds
     */
    private void checkItems(ServedModel member, InferRequest request) {
        long[] shape = request.inputs().get(0).shape();
        int capacity = queues.get(member.name()).settings().capacity();
        if (shape.length > 0 && shape[0] > capacity) {
            throw OipException.badRequest("the request holds " + shape[0] + " items; model " + member.name()
                    + "'s queue holds at most " + capacity + " (the server's --queue-capacity)");
        }
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
                                ReplyParameters.Builder parameters, Served served) {
        float[][] outputs = served.outputs();
        int classes = outputs.length == 0 ? 0 : outputs[0].length;
        float[] values = new float[outputs.length * classes];
        for (int i = 0; i < outputs.length; i++) {
            System.arraycopy(outputs[i], 0, values, i * classes, classes);
        }
        InferResponse.Output output = new InferResponse.Output(member.output().name(),
                new long[] {outputs.length, classes}, values);
        return new InferResponse(model, request.id(), parameters.build(), List.of(output));
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
            if (member.remote()) {
                // its connect probed it over warm connections; calls that could fail here would stop the server
                continue;
            }
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

    /** Its shutdown gate: every request it admits is counted there until answered. */
    public Draining draining() {
        return draining;
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
