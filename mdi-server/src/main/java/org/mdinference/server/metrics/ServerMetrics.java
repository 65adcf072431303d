package org.mdinference.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.mdinference.core.Policies;

/**
 * The server's Prometheus metrics, its own named {@code mdi_*}: requests by model and outcome, the zoo's choices by
 * policy and model, budgets, queue waits, batch sizes and inference latencies as histograms, and deadline misses,
 * predicted (no model fits) and actual (a served zoo reply later than its budget), and the expected effective
 * accuracy each policy would give the zoo's requests ({@code mdi_expected_effective_accuracy}). Thread-safe.
 *
 * <p>The JVM's own figures come too ({@code jvm_memory_used_bytes} by heap pool, {@code jvm_buffer_memory_used_bytes}
 * of direct buffers, {@code jvm_threads_live_threads}): a leak shows in them from outside the process, as the soak
 * ({@code mdi soak}) reads them.
 *
 * <p>Each meter is registered once and kept, so that recording is a map look-up and an increment, not a registry
 * look-up per request; {@link #register} creates a zoo's histograms before the first request, which otherwise paid
 * for their buckets (tens of milliseconds).
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> queueWaits = new ConcurrentHashMap<>();
    private final Map<String, Timer> inferences = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> batchSizes = new ConcurrentHashMap<>();
    private final Map<List<String>, DistributionSummary> expectedAccuracies = new ConcurrentHashMap<>();
    private final DistributionSummary budgets = DistributionSummary.builder("mdi_zoo_budget")
            .description("time zoo requests left for queue and inference").baseUnit("ms").publishPercentileHistogram()
            .minimumExpectedValue(0.01).maximumExpectedValue(60_000.0).register(registry);

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    /** Creates the meters of a zoo's members and outcomes ahead of the first request. */
    public void register(String zoo, List<String> members) {
        for (String model : members) {
            queueWait(model);
            inference(model);
            batchSize(model);
            memberFailures(model);
            for (Outcome outcome : Outcome.values()) {
                requests(model, outcome);
            }
        }
        for (Outcome outcome : Outcome.values()) {
            requests(zoo, outcome);
        }
        // at zero from the start, so that a query over them (SLA attainment: the dashboard, Grafana) has a series
        // before the first miss
        deadlineMisses("predicted");
        deadlineMisses("actual");
        for (String policy : Policies.NAMES) {
            expectedAccuracy(zoo, policy);
        }
    }

    /** Counts one finished request of a model (a member's name or the zoo's). */
    public void request(String model, Outcome outcome) {
        requests(model, outcome).increment();
    }

    /** Counts the zoo's choice and records the request's budget. */
    public void chosen(String policy, String model, double budgetMs) {
        counters.computeIfAbsent(List.of("chosen", policy, model), key -> Counter.builder("mdi_zoo_chosen")
                .description("members the zoo chose, by policy").tag("policy", policy).tag("model", model)
                .register(registry)).increment();
        budgets.record(budgetMs);
    }

    /**
     * What one policy would give one of the zoo's requests, decided on the request's budget whether or not that
     * policy served it: its pick's top-1 times the chance the pick's answer reaches the device by the deadline, 0
     * when no model fits. Its sum over its count is the policy's mean, accuracy counted only for answers expected
     * in time.
     */
    public void expectedEffectiveAccuracy(String zoo, String policy, double accuracy) {
        expectedAccuracy(zoo, policy).record(accuracy);
    }

    /** A deadline miss: {@code predicted} when no model was expected to fit, else a served reply past its budget. */
    public void deadlineMiss(boolean predicted) {
        deadlineMisses(predicted ? "predicted" : "actual").increment();
    }

    private Counter deadlineMisses(String kind) {
        return counters.computeIfAbsent(List.of("miss", kind), key -> Counter.builder("mdi_deadline_misses")
                .description("zoo requests that missed or would miss their budget").tag("kind", kind)
                .register(registry));
    }

    /** One job's wait in a model's queue. */
    public void queueWait(String model, double ms) {
        queueWait(model).record(nanos(ms));
    }

    /** One batch a model ran. */
    public void batch(String model, int items, double ms) {
        inference(model).record(nanos(ms));
        batchSize(model).record(items);
    }

    /** Publishes a model's queue length, read when scraped. */
    public void queueLength(String model, Supplier<Number> queued) {
        Gauge.builder("mdi_queue_items", queued).description("items waiting in a model's queue")
                .tag("model", model).register(registry);
    }

    /**
     * A request the access check refused before reading it: {@code reason} {@code missing} (no bearer token: 401,
     * UNAUTHENTICATED) or {@code wrong} (403, PERMISSION_DENIED), {@code transport} {@code rest} or {@code grpc}.
     */
    public void refused(String transport, String reason) {
        counters.computeIfAbsent(List.of("refused", transport, reason), key -> Counter.builder("mdi_access_refused")
                .description("requests refused for a missing or wrong bearer token").tag("transport", transport)
                .tag("reason", reason).register(registry)).increment();
    }

    /**
     * 1 while a member takes requests, 0 while it is out of the choices (a remote member whose endpoints failed, a
     * member run here whose ONNX Runtime runs failed).
     */
    public void available(String model, BooleanSupplier available) {
        Gauge.builder("mdi_member_available", () -> available.getAsBoolean() ? 1 : 0)
                .description("whether a zoo member is among the choices: 1, or 0 while it is out after failures")
                .tag("model", model).register(registry);
    }

    /** One failed batch of a member: its ONNX Runtime run, or its remote call, failed. */
    public void memberFailure(String model) {
        memberFailures(model).increment();
    }

    /**
     * The meters {@link #scrape} writes, as they are now: what the dashboard's JSON reads, so that its figures are
     * those of {@code /metrics}. A read-only view; recording goes through this class's methods.
     */
    public List<Meter> meters() {
        return registry.getMeters();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    private Counter requests(String model, Outcome outcome) {
        return counters.computeIfAbsent(List.of("requests", model, outcome.label()), key -> Counter
                .builder("mdi_requests").description("inference requests by model and outcome").tag("model", model)
                .tag("outcome", outcome.label()).register(registry));
    }

    private Counter memberFailures(String model) {
        return counters.computeIfAbsent(List.of("failures", model), key -> Counter.builder("mdi_member_failures")
                .description("batches of a member that failed: an ONNX Runtime error, or a remote member's failed"
                        + " call").tag("model", model).register(registry));
    }

    private Timer queueWait(String model) {
        return queueWaits.computeIfAbsent(model, m -> timer("mdi_queue_wait",
                "time from admission to the start of the job's batch", m));
    }

    private Timer inference(String model) {
        return inferences.computeIfAbsent(model, m -> timer("mdi_inference", "batch inference latency", m));
    }

    private DistributionSummary expectedAccuracy(String zoo, String policy) {
        return expectedAccuracies.computeIfAbsent(List.of(zoo, policy), key -> DistributionSummary
                .builder("mdi_expected_effective_accuracy")
                .description("top-1 of each policy's pick for the zoo's requests times its chance of arriving by"
                        + " the deadline, 0 when no model fits; every policy decides every request")
                .tag("zoo", zoo).tag("policy", policy).register(registry));
    }

    private DistributionSummary batchSize(String model) {
        return batchSizes.computeIfAbsent(model, m -> DistributionSummary.builder("mdi_batch_size")
                .description("items per batch").tag("model", m).publishPercentileHistogram()
                .minimumExpectedValue(1.0).maximumExpectedValue(1024.0).register(registry));
    }

    private Timer timer(String name, String description, String model) {
        return Timer.builder(name).description(description).tag("model", model).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    private static Duration nanos(double ms) {
        return Duration.ofNanos(Math.round(ms * 1e6));
    }
}
