package org.mdinference.loadgen;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.model.ZooLoader;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.model.ServedZoo;

/**
 * The server benchmark of {@code mdi loadtest --benchmark}: two servers on one zoo in this process, on loopback
 * (dynamic batching with the default max batch, and batching off), and the load generator beside them, measuring
 * side by side in one run:
 * <ol>
 *   <li>the smallest model at concurrency 1 over HTTP (JSON and binary tensors) against the same model run
 *       in-process through ONNX Runtime, one item at a time: the server's overhead;</li>
 *   <li>every member at concurrency 32 (binary tensors) with batching on and off: the gain of dynamic batching,
 *       beside the gain ONNX Runtime itself gives that member in this process, at its max batch against one item
 *       at a time: what any server's batching can gain at most;</li>
 *   <li>the zoo endpoint, open loop at twice the rate the most accurate member sustained in (2), with an SLA of
 *       twice that member's idle p99, under MDInference and under static-accuracy: the share of replies within
 *       their budget.</li>
 * </ol>
 * Server and client share the machine's cores, as they would on any one-machine measurement; the figures say what
 * this machine does, and the machine's state is printed first.
 */
public final class LoadtestBenchmark {

    private static final int CONCURRENCY = 32;
    private static final int MAX_IN_FLIGHT = 1024;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(15);
    /** At most this long for each in-process measure of section 2. */
    private static final long IN_PROCESS_NANOS = 1_000_000_000L;

    private final Path zoo;
    private final double seconds;
    private final double warmup;
    private final PrintWriter out;

    public LoadtestBenchmark(Path zoo, double seconds, double warmup, PrintWriter out) {
        this.zoo = zoo;
        this.seconds = seconds;
        this.warmup = warmup;
        this.out = out;
    }

    public void run() throws Exception {
        out.println("mdi loadtest --benchmark: " + LoadtestReport.machine());
        ServerConfig batching = ServerConfig.builder().host("127.0.0.1").port(0).queueCapacity(MAX_IN_FLIGHT).build();
        ServerConfig single = batching.toBuilder().maxBatch(1).build();
        // one zoo loaded and profiled once, served by both servers; the batching one owns and closes it
        ServedZoo loaded = new ZooLoader(System::nanoTime).load(zoo, batching.intraOpThreads(),
                batching.maxBatch());
        ServedZoo shared = new ServedZoo(loaded.name(), loaded.members(), () -> { });
        try (MdiServer on = start(batching, loaded); MdiServer off = start(single, shared)) {
            URI onUri = URI.create("http://127.0.0.1:" + on.port());
            URI offUri = URI.create("http://127.0.0.1:" + off.port());
            List<ServedModel> bySpeed = new ArrayList<>(on.service().zoo().members());
            bySpeed.sort(Comparator.comparingDouble(m -> m.costs().singleMs()));
            ServedModel smallest = bySpeed.get(0);
            ServedModel best = bySpeed.stream().max(Comparator.comparingDouble(ServedModel::accuracy)).orElseThrow();
            String zooName = on.service().zoo().name();
            out.printf(Locale.ROOT, "servers ready: batching on (max batch %d, each model's cut to %d ms) at %s, off"
                    + " at %s; %d thread(s) per inference; %.1f s measured per run after %.1f s of warm-up%n%n",
                    batching.maxBatch(), batching.maxBatchTime().toMillis(), onUri, offUri,
                    batching.intraOpThreads(), seconds, warmup);

            out.println("## 1. Overhead at concurrency 1: " + smallest.name());
            LoadtestRecorder.Snapshot local = inProcess(smallest);
            LoadtestDriver.Result json = measure(onUri, smallest.name(), false, LoadtestDriver.Load.closed(1),
                    Optional.empty(), Double.NaN);
            LoadtestDriver.Result binary = measure(onUri, smallest.name(), true, LoadtestDriver.Load.closed(1),
                    Optional.empty(), Double.NaN);
            out.println("| path | p50 ms | p99 ms | server_ms p50 | replies/s |");
            out.println("|---|---:|---:|---:|---:|");
            out.printf(Locale.ROOT, "| in-process, ONNX Runtime, batch 1 | %.3f | %.3f | | %.0f |%n",
                    local.percentileMs(0.5), local.percentileMs(0.99), local.ok() / seconds);
            row1("HTTP, JSON tensor", json);
            row1("HTTP, binary tensor", binary);
            out.printf(Locale.ROOT, "overhead at p50 (HTTP - in-process): JSON %.3f ms, binary %.3f ms (target"
                    + " < 0.5 ms)%n%n", json.snapshot().percentileMs(0.5) - local.percentileMs(0.5),
                    binary.snapshot().percentileMs(0.5) - local.percentileMs(0.5));

            out.println("## 2. Dynamic batching at concurrency " + CONCURRENCY + " (binary tensors unless said)");
            out.println("| model | batch 1 in-process ms | max batch on | ONNX Runtime alone: gain at max batch |"
                    + " off: replies/s | on: replies/s | gain | on: mean batch | off: p50 ms | on: p50 ms |");
            out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            // measured before any load of this section, on idle servers, and once per model
            Map<String, Double> ceilings = new LinkedHashMap<>();
            for (ServedModel member : bySpeed) {
                int maxBatch = on.service().maxBatch(member.name());
                ceilings.put(member.name(), maxBatch == 1 ? 1
                        : itemsPerSecond(member, maxBatch) / itemsPerSecond(member, 1));
            }
            Map<String, LoadtestDriver.Result> sustained = new LinkedHashMap<>();
            for (ServedModel member : bySpeed) {
                LoadtestDriver.Result withOff = measure(offUri, member.name(), true,
                        LoadtestDriver.Load.closed(CONCURRENCY), Optional.empty(), Double.NaN);
                LoadtestDriver.Result withOn = measure(onUri, member.name(), true,
                        LoadtestDriver.Load.closed(CONCURRENCY), Optional.empty(), Double.NaN);
                sustained.put(member.name(), withOn.throughput() >= withOff.throughput() ? withOn : withOff);
                row2(member.name(), member, on.service().maxBatch(member.name()), ceilings.get(member.name()),
                        withOff, withOn);
            }
            LoadtestDriver.Result jsonOff = measure(offUri, smallest.name(), false,
                    LoadtestDriver.Load.closed(CONCURRENCY), Optional.empty(), Double.NaN);
            LoadtestDriver.Result jsonOn = measure(onUri, smallest.name(), false,
                    LoadtestDriver.Load.closed(CONCURRENCY), Optional.empty(), Double.NaN);
            row2(smallest.name() + " (JSON tensors)", smallest, on.service().maxBatch(smallest.name()),
                    ceilings.get(smallest.name()), jsonOff, jsonOn);
            out.println();

            // what the most accurate member sustains: the better of batching on and off (a large model may run
            // no faster per item in a batch)
            double capacity = sustained.get(best.name()).throughput();
            LoadtestDriver.Result idle = measure(onUri, best.name(), true, LoadtestDriver.Load.closed(1),
                    Optional.empty(), Double.NaN);
            double sla = Math.max(1.0, Math.ceil(20 * idle.snapshot().percentileMs(0.99)) / 10);
            double rate = 2 * capacity;
            out.printf(Locale.ROOT, "## 3. Overload: %s endpoint, open loop at %.0f/s = 2 x %s's %.0f/s (concurrency"
                    + " %d, the better of batching on and off); sla_ms %.1f = 2 x %s's idle p99 of %.3f ms (elapsed"
                    + " 0 plus any delay in sending, return 0)%n",
                    zooName, rate, best.name(), capacity, CONCURRENCY, sla, best.name(),
                    idle.snapshot().percentileMs(0.99));
            out.println("| policy | served within budget | no model fits | late or failed | served within budget by"
                    + " the server's clock | p50 ms | p99 ms | replies/s | models |");
            out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
            for (String policy : List.of("mdinference", "static-accuracy")) {
                Optional<RequestParameters> parameters = Optional.of(RequestParameters.of(sla).withReturnMs(0)
                        .withPolicy(policy));
                LoadtestDriver.Result overload = measure(onUri, zooName, true,
                        LoadtestDriver.Load.open(rate, MAX_IN_FLIGHT), parameters, sla);
                LoadtestRecorder.Snapshot s = overload.snapshot();
                long sent = s.replies() + overload.skipped();
                out.printf(Locale.ROOT, "| %s | %.2f %% | %.2f %% | %.2f %% | %.2f %% | %.3f | %.3f | %.0f | %s |%n",
                        policy, LoadtestReport.percent(s.servedInTime(), sent),
                        LoadtestReport.percent(s.noModelFits(), sent),
                        LoadtestReport.percent(sent - s.servedInTime() - s.noModelFits(), sent),
                        LoadtestReport.percent(s.serverInTime(), sent), s.percentileMs(0.5), s.percentileMs(0.99), overload.throughput(),
                        LoadtestReport.mix(s.models(), s.ok() - s.noModelFits()));
                out.flush();
            }
        }
        out.flush();
    }

    private MdiServer start(ServerConfig config, ServedZoo served) throws Exception {
        MdiServer server = new MdiServer(config, served);
        try {
            server.start();
            server.awaitReady(READY_TIMEOUT);
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    private LoadtestDriver.Result measure(URI server, String model, boolean binary, LoadtestDriver.Load load,
                                          Optional<RequestParameters> parameters, double budgetMs)
            throws Exception {
        LoadtestRequest request = LoadtestRequest.build(server, model, 1, binary, parameters);
        return LoadtestDriver.run(server, request, load, budgetMs, warmup, seconds, null);
    }

    /** The model's own batch-1 latency through ONNX Runtime in this process: warm-up, then {@code seconds}. */
    private LoadtestRecorder.Snapshot inProcess(ServedModel model) {
        float[] item = model.input().seededItems(1, LoadtestRequest.SEED);
        long warmUntil = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() - warmUntil < 0) {
            model.runner().run(item, 1);
        }
        LoadtestRecorder recorder = new LoadtestRecorder();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() - end < 0) {
            long start = System.nanoTime();
            model.runner().run(item, 1);
            recorder.record(new LoadtestRecorder.Reply(200, (System.nanoTime() - start) / 1e6, model.name(), false,
                    false, false, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        }
        return recorder.snapshot();
    }

    private void row1(String path, LoadtestDriver.Result result) {
        LoadtestRecorder.Snapshot s = result.snapshot();
        out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.0f |%n", path, s.percentileMs(0.5),
                s.percentileMs(0.99), s.serverMs().percentile(0.5), result.throughput());
        out.flush();
    }

    /**
     * Items a second of the model run in this process, {@code batch} items at a time, one batch after another, for
     * as long as a load run (at most {@link #IN_PROCESS_NANOS}) after a fifth of that as warm-up.
     */
    private double itemsPerSecond(ServedModel model, int batch) {
        long nanos = Math.min(IN_PROCESS_NANOS, (long) (seconds * 1e9));
        float[] items = model.input().seededItems(batch, LoadtestRequest.SEED);
        long warmUntil = System.nanoTime() + nanos / 5;
        while (System.nanoTime() - warmUntil < 0) {
            model.runner().run(items, batch);
        }
        long start = System.nanoTime();
        long runs = 0;
        do {
            model.runner().run(items, batch);
            runs++;
        } while (System.nanoTime() - start < nanos);
        return runs * batch / ((System.nanoTime() - start) / 1e9);
    }

    /** @param ceiling ONNX Runtime's own gain at the model's max batch */
    private void row2(String label, ServedModel model, int maxBatch, double ceiling, LoadtestDriver.Result off,
                      LoadtestDriver.Result on) {
        out.printf(Locale.ROOT, "| %s | %.3f | %d | %.2fx | %.0f | %.0f | %.2fx | %.1f | %.2f | %.2f |%s%n",
                label, model.costs().singleMs(), maxBatch, ceiling, off.throughput(), on.throughput(),
                on.throughput() / off.throughput(),
                on.snapshot().batchSizes().mean(), off.snapshot().percentileMs(0.5),
                on.snapshot().percentileMs(0.5), off.snapshot().errors() + on.snapshot().errors() > 0
                        ? " errors: off " + off.snapshot().statuses() + ", on " + on.snapshot().statuses() : "");
        out.flush();
    }
}
