package org.mdinference.loadgen;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The final table of a load test. */
public record LoadtestReport(LoadtestDriver.Result result, double budgetMs) {

    public void print(PrintWriter out, String description) {
        LoadtestRecorder.Snapshot snapshot = result.snapshot();
        long replies = snapshot.replies();
        out.println();
        out.println("loadtest: " + description);
        out.printf(Locale.ROOT, "  %-12s %10.1f replies/s (%d replies, %d ok)%n", "throughput", result.throughput(),
                replies, snapshot.ok());
        out.printf(Locale.ROOT, "  %-12s p50 %.3f ms   p90 %.3f ms   p99 %.3f ms   (ok replies, client side)%n",
                "latency", snapshot.percentileMs(0.50), snapshot.percentileMs(0.90), snapshot.percentileMs(0.99));
        if (snapshot.serverMs().count() > 0) {
            out.printf(Locale.ROOT, "  %-12s server_ms p50 %.3f p99 %.3f   queue_ms p50 %.3f p99 %.3f   inference_ms"
                            + " p50 %.3f   mean batch %.1f   (the server's own timings)%n", "server",
                    snapshot.serverMs().percentile(0.5), snapshot.serverMs().percentile(0.99),
                    snapshot.queueMs().percentile(0.5), snapshot.queueMs().percentile(0.99),
                    snapshot.inferenceMs().percentile(0.5), snapshot.batchSizes().mean());
        }
        out.printf(Locale.ROOT, "  %-12s %d%s%s%n", "errors", snapshot.errors(), statuses(snapshot.statuses()),
                result.skipped() > 0 ? ", " + result.skipped() + " sends skipped (too many in flight)" : "");
        out.printf(Locale.ROOT, "  %-12s %s%n", "models", mix(snapshot.models(), snapshot.ok()));
        if (!Double.isNaN(budgetMs)) {
            out.printf(Locale.ROOT, "  %-12s %.2f %% of replies served by a model within %.1f ms; %.2f %% no model"
                            + " fits; %.2f %% of replies (either) within it%n", "budget",
                    percent(snapshot.servedInTime(), replies), budgetMs, percent(snapshot.noModelFits(), replies),
                    percent(snapshot.inTime(), replies));
            // only a zoo's served replies say within_budget: a member's never do
            if (snapshot.serverInTime() > 0) {
                out.printf(Locale.ROOT, "  %-12s %.2f %% of replies served within their budget by the server's own"
                        + " clock (within_budget)%n", "", percent(snapshot.serverInTime(), replies));
            }
        }
        out.flush();
    }

    private static String statuses(Map<Integer, Long> statuses) {
        String failed = statuses.entrySet().stream().filter(e -> e.getKey() != 200)
                .map(e -> (e.getKey() == 0 ? "no reply" : "HTTP " + e.getKey()) + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        return failed.isEmpty() ? "" : " (" + failed + ")";
    }

    static String mix(Map<String, Long> models, long ok) {
        return models.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f %%", e.getKey(), percent(e.getValue(), ok)))
                .collect(Collectors.joining(", "));
    }

    static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    /** When and on what a benchmark ran: its figures mean little without the machine and its load. */
    static String machine() {
        return String.format(Locale.ROOT, "%s, %d cores, load average %.2f, Java %s, %s", Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"), System.getProperty("os.name"));
    }
}
