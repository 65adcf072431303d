package org.mdinference.loadgen;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a load test saw: each reply's latency and status, the model the server says answered, for the zoo whether
 * the reply came within its budget or said no model fits, and the server's own timings of each reply. Thread-safe;
 * one short lock per reply.
 */
final class LoadtestRecorder {

    /**
     * One reply, as read from the server's answer.
     *
     * @param servedInTime a model answered and the reply came within the budget
     * @param inTime       the reply came within the budget, whether a model answered or none fitted
     * @param serverInTime a model answered within the budget by the server's own clock ({@code within_budget}):
     *                     what the client adds on its side (sending, reading, waiting for a core) left out
     * @param serverMs     the server's timings, NaN when the reply has none
     */
    record Reply(int status, double latencyMs, String model, boolean noModelFits, boolean servedInTime,
                 boolean inTime, boolean serverInTime, double serverMs, double queueMs, double inferenceMs,
                 double batchSize) {

        /** A reply of status 200 whose content was not read: its latency alone counts. */
        static Reply answered(double latencyMs) {
            return new Reply(200, latencyMs, "", false, false, false, false, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN);
        }

        static Reply failed(int status, double latencyMs) {
            return new Reply(status, latencyMs, "", false, false, false, false, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN);
        }
    }

    /**
     * The values of one quantity (ms, or a batch size), kept by HdrHistogram to 3 significant digits at a
     * resolution of a thousandth: recording costs the same at the millionth reply as at the first, and a snapshot
     * copies counts, not every sample.
     */
    static final class Samples {
        private static final double THOUSANDTHS = 1000;

        private final Histogram thousandths;

        Samples() {
            this(new Histogram(3));
        }

        private Samples(Histogram thousandths) {
            this.thousandths = thousandths;
        }

        /** Records a value; NaN (a reply without it) is left out. */
        void add(double value) {
            if (!Double.isNaN(value)) {
                thousandths.recordValue(Math.max(0, Math.round(value * THOUSANDTHS)));
            }
        }

        Samples copy() {
            return new Samples(thousandths.copy());
        }

        long count() {
            return thousandths.getTotalCount();
        }

        /** The value at quantile {@code q} (0.99 for p99), to 3 significant digits; NaN when there are none. */
        double percentile(double q) {
            return count() == 0 ? Double.NaN : thousandths.getValueAtPercentile(100 * q) / THOUSANDTHS;
        }

        /** The mean, to 3 significant digits; NaN when there are none. */
        double mean() {
            return count() == 0 ? Double.NaN : thousandths.getMean() / THOUSANDTHS;
        }
    }

    /** Totals at one moment. */
    record Snapshot(long ok, long errors, long noModelFits, long servedInTime, long inTime, long serverInTime,
                    Samples latenciesMs, Samples serverMs, Samples queueMs, Samples inferenceMs, Samples batchSizes,
                    Map<Integer, Long> statuses, Map<String, Long> models) {

        /** The successful replies' latency at quantile {@code q}; NaN when there are none. */
        double percentileMs(double q) {
            return latenciesMs.percentile(q);
        }

        long replies() {
            return ok + errors;
        }
    }

    private final Object lock = new Object();
    private final Samples latencies = new Samples();
    private final Samples server = new Samples();
    private final Samples queue = new Samples();
    private final Samples inference = new Samples();
    private final Samples batches = new Samples();
    private long ok;
    private long errors;
    private long noModelFits;
    private long servedInTime;
    private long inTime;
    private long serverInTime;
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final Map<String, Long> models = new TreeMap<>();

    void record(Reply reply) {
        synchronized (lock) {
            statuses.merge(reply.status(), 1L, Long::sum);
            if (reply.status() != 200) {
                errors++;
                return;
            }
            ok++;
            latencies.add(reply.latencyMs());
            server.add(reply.serverMs());
            queue.add(reply.queueMs());
            inference.add(reply.inferenceMs());
            batches.add(reply.batchSize());
            if (reply.noModelFits()) {
                noModelFits++;
            } else {
                models.merge(reply.model(), 1L, Long::sum);
            }
            if (reply.servedInTime()) {
                servedInTime++;
            }
            if (reply.inTime()) {
                inTime++;
            }
            if (reply.serverInTime()) {
                serverInTime++;
            }
        }
    }

    /** Counts a request that got no reply at all (connection refused, timeout). */
    void failed() {
        synchronized (lock) {
            errors++;
            statuses.merge(0, 1L, Long::sum);
        }
    }

    /** Copies the totals under the lock: histograms of counts, whatever the number of replies. */
    Snapshot snapshot() {
        synchronized (lock) {
            return new Snapshot(ok, errors, noModelFits, servedInTime, inTime, serverInTime, latencies.copy(),
                    server.copy(), queue.copy(), inference.copy(), batches.copy(), new TreeMap<>(statuses),
                    new TreeMap<>(models));
        }
    }
}
