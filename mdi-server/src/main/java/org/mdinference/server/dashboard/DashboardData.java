package org.mdinference.server.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.mdinference.core.LatencyProfile;
import org.mdinference.server.InferenceService;
import org.mdinference.server.metrics.ServerMetrics;
import org.mdinference.server.model.ServedModel;

/**
 * The dashboard's JSON ({@code GET /dashboard/data}, docs/dashboard.md): every count and distribution read from the
 * meters {@code /metrics} writes, at the moment of the request, cumulative since the server started, as Prometheus
 * counters are; the page takes the differences between two polls for rates and recent distributions. Beside them
 * what no meter holds: each member's accuracy and profiled latency (the zoo's manifest and profile), and the latency
 * the scheduler believes now (its live profile).
 */
public final class DashboardData {

    private final InferenceService service;
    private final ServerMetrics metrics;
    private final LongSupplier wallClockMs;

    /** @param wallClockMs the time the page stamps each poll with, in ms since the epoch */
    public DashboardData(InferenceService service, ServerMetrics metrics, LongSupplier wallClockMs) {
        this.service = service;
        this.metrics = metrics;
        this.wallClockMs = wallClockMs;
    }

    /** The figures now, as a tree of maps, lists, strings and numbers for the JSON encoder. */
    public Map<String, Object> now() {
        List<Meter> meters = metrics.meters();
        List<Map<String, Object>> requests = new ArrayList<>();
        List<Map<String, Object>> chosen = new ArrayList<>();
        Map<String, Object> misses = new LinkedHashMap<>();
        Map<String, Object> budget = histogram(null);
        Map<String, Map<String, Object>> perMember = new LinkedHashMap<>();
        for (ServedModel member : service.zoo().members()) {
            perMember.put(member.name(), member(member));
        }
        for (Meter meter : meters) {
            Meter.Id id = meter.getId();
            String model = Objects.requireNonNullElse(id.getTag("model"), "");
            Map<String, Object> member = perMember.get(model);
            switch (id.getName()) {
                case "mdi_requests" -> requests.add(row("model", model, "outcome", id.getTag("outcome"),
                        count(meter)));
                case "mdi_zoo_chosen" -> chosen.add(row("model", model, "policy", id.getTag("policy"),
                        count(meter)));
                case "mdi_deadline_misses" -> misses.put(Objects.requireNonNullElse(id.getTag("kind"), ""),
                        count(meter));
                case "mdi_zoo_budget" -> budget = histogram(meter);
                default -> {
                    if (member != null) {
                        memberMeter(member, id.getName(), meter);
                    }
                }
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("zoo", service.zoo().name());
        data.put("time_ms", wallClockMs.getAsLong());
        data.put("requests", requests);
        data.put("chosen", chosen);
        data.put("deadline_misses", misses);
        data.put("budget_ms", budget);
        data.put("members", List.copyOf(perMember.values()));
        return data;
    }

    private Map<String, Object> member(ServedModel member) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", member.name());
        row.put("accuracy", member.accuracy());
        row.put("remote", member.remote());
        row.put("out_of_service", member.outOfService().map(out -> (Object) out.reason()).orElse(""));
        row.put("profile_ms", latency(member.profile()));
        row.put("live_ms", latency(service.profiles().profile(member.name())));
        return row;
    }

    /** The member's own meters, by their Prometheus family: names as {@code /metrics} has them, less the unit. */
    private static void memberMeter(Map<String, Object> member, String name, Meter meter) {
        switch (name) {
            case "mdi_inference" -> member.put("inference_ms", histogram(meter));
            case "mdi_queue_wait" -> member.put("queue_wait_ms", histogram(meter));
            case "mdi_batch_size" -> member.put("batch_size", histogram(meter));
            case "mdi_queue_items" -> member.put("queue_items", gauge(meter));
            case "mdi_member_available" -> member.put("available", gauge(meter) == 1.0);
            case "mdi_member_failures" -> member.put("failures", count(meter));
            default -> { }
        }
    }

    private static Map<String, Object> latency(LatencyProfile profile) {
        return Map.of("mean", profile.meanMs(), "std", profile.stdMs());
    }

    private static Map<String, Object> row(String key, String value, String key2, @Nullable String value2,
                                           double count) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(key, value);
        row.put(key2, Objects.requireNonNullElse(value2, ""));
        row.put("count", count);
        return row;
    }

    private static double count(Meter meter) {
        return meter instanceof Counter counter ? counter.count() : 0.0;
    }

    private static double gauge(Meter meter) {
        return meter instanceof Gauge gauge ? gauge.value() : Double.NaN;
    }

    /**
     * A timer's histogram in milliseconds, a summary's in its own unit: count, sum and the cumulative count at each
     * upper bound, as the {@code _bucket{le}} series of {@code /metrics} (without its {@code +Inf}: that is the
     * count). Empty (count 0, no buckets) for {@code null}.
     */
    private static Map<String, Object> histogram(@Nullable Meter meter) {
        HistogramSnapshot snapshot = null;
        boolean timer = meter instanceof Timer;
        if (meter instanceof Timer t) {
            snapshot = t.takeSnapshot();
        } else if (meter instanceof DistributionSummary summary) {
            snapshot = summary.takeSnapshot();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (snapshot == null) {
            out.put("count", 0L);
            out.put("sum", 0.0);
            out.put("le", List.of());
            out.put("counts", List.of());
            return out;
        }
        List<Double> bounds = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            bounds.add(timer ? bucket.bucket(TimeUnit.MILLISECONDS) : bucket.bucket());
            counts.add(bucket.count());
        }
        out.put("count", snapshot.count());
        out.put("sum", timer ? snapshot.total(TimeUnit.MILLISECONDS) : snapshot.total());
        out.put("le", bounds);
        out.put("counts", counts);
        return out;
    }
}
