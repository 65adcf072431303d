package org.mdinference.loadgen;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.mdinference.onnx.ModelEndpoint;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ModelSource;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.model.ServedZoo;
import org.mdinference.server.model.ZooLoader;
import org.mdinference.server.remote.GrpcTransport;
import org.mdinference.server.remote.RemoteCall;
import org.mdinference.server.remote.RestTransport;

/**
 * {@code mdi loadtest --hop-benchmark}: what a front end's hop adds over calling a member's server directly, all in
 * this process on loopback. Two member servers serve one model of a zoo (the fastest, so that the hop weighs most,
 * unless one is named); one front end's zoo holds that model as an endpoint of the first member server, another's as
 * a list of both (replicas). The load generator's closed loops take turns ({@link TakingTurns}), binary tensors:
 * <ol>
 *   <li>at concurrency 1, the member server directly, the same model through the front end (the hop), and the front
 *       end's own client alone ({@link RestTransport} on OkHttp, the call the front end makes, from this process);
 *       the hop's p50 and p99 over the direct path, and where its time goes, from the replies' own timings;</li>
 *   <li>at a higher concurrency, the member server directly, the front end with one replica and the front end with
 *       two: replies a second, latency, and the share of each replica.</li>
 * </ol>
 * Every server and the load generator share the machine's cores, as on any one-machine measurement.
 */
public final class HopBenchmark {

    private static final int ROUNDS = 10;
    private static final String HEADER = "| path | replies/s | p50 ms | p90 ms | p99 ms | mean ms | server_ms p50 |"
            + " queue_ms p50 | inference_ms p50 | mean batch | errors |";
    private static final String RULE = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(15);

    private final Path zoo;
    private final @Nullable String model;
    private final double seconds;
    private final double warmup;
    private final int concurrency;
    private final int batch;
    private final PrintWriter out;

    /**
     * @param model       the member to measure; null: the zoo's fastest
     * @param seconds     measured per side and section, in {@value #ROUNDS} turns
     * @param concurrency the closed loop's clients of section 2
     * @param batch       items per request
     */
    public HopBenchmark(Path zoo, @Nullable String model, double seconds, double warmup, int concurrency, int batch,
                        PrintWriter out) {
        if (concurrency < 2) {
            throw new IllegalArgumentException("--concurrency of the hop benchmark's replica section must be at"
                    + " least 2, got " + concurrency);
        }
        this.zoo = zoo;
        this.model = model;
        this.seconds = seconds;
        this.warmup = warmup;
        this.concurrency = concurrency;
        this.batch = batch;
        this.out = out;
    }

    public void run() throws Exception {
        out.println("mdi loadtest --hop-benchmark: " + LoadtestReport.machine());
        ZooManifest manifest = ZooManifest.read(zoo);
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).build();
        ServedZoo loaded = new ZooLoader(System::nanoTime).load(manifest, config.intraOpThreads(),
                config.maxBatch());
        ServedModel member;
        try {
            member = pick(loaded);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
        // both member servers run the one loaded session; the first owns the zoo and closes it
        ServedZoo served = new ServedZoo(loaded.name(), List.of(member), loaded);
        ServedZoo shared = new ServedZoo(loaded.name(), List.of(member), () -> { });
        Path fronts = Files.createTempDirectory("mdi-hop-benchmark");
        ModelEntry entry = manifest.model(member.name()).orElseThrow();
        ServerConfig members = config.toBuilder().grpcPort(0).build();
        try (MdiServer first = start(members, served); MdiServer second = start(members, shared)) {
            URI a = uri(first);
            URI b = uri(second);
            String rest = "/v2/models/" + entry.name();
            String grpc = "grpc://127.0.0.1:" + first.grpcPort().getAsInt() + "/" + entry.name();
            try (MdiServer one = start(config, front(manifest, entry, fronts, List.of(a + rest)));
                 MdiServer two = start(config, front(manifest, entry, fronts, List.of(a + rest, b + rest)));
                 MdiServer overGrpc = start(config, front(manifest, entry, fronts, List.of(grpc)))) {
                out.printf(Locale.ROOT, "model %s; member servers at %s and %s; front ends at %s (its member at"
                        + " %s), %s (at %s and %s) and %s (at %s); binary tensors, %d item(s) a request; %.1f s"
                        + " measured per path and section, in %d turns, after %.1f s of warm-up each%n%n",
                        member.name(), a, b, uri(one), a, uri(two), a, b, uri(overGrpc), grpc, batch, seconds, ROUNDS,
                        warmup);
                hop(member, entry, a, uri(one), ModelEndpoint.parse(grpc), uri(overGrpc));
                replicas(member.name(), a, b, uri(one), uri(two));
            }
        } finally {
            Files.deleteIfExists(fronts);
        }
        out.flush();
    }

    private ServedModel pick(ServedZoo loaded) {
        ServedModel picked = model == null ? loaded.members().stream().filter(m -> !m.remote())
                .min(Comparator.comparingDouble(m -> m.costs().singleMs()))
                .orElseThrow(() -> new IllegalArgumentException("zoo " + zoo + " has no member that is a file"))
                : loaded.member(model).orElseThrow(() -> new IllegalArgumentException("zoo " + zoo
                        + " has no model named " + model + "; its models: " + loaded.members().stream()
                        .map(ServedModel::name).toList()));
        if (picked.remote()) {
            throw new IllegalArgumentException("model " + picked.name() + " is itself remote; the hop benchmark"
                    + " serves a file member");
        }
        return picked;
    }

    /** A front end's zoo: the member alone, at these endpoints, probed at start as {@code mdi serve} does. */
    private static ServedZoo front(ZooManifest manifest, ModelEntry entry, Path folder, List<String> urls) {
        List<ModelEndpoint> endpoints = urls.stream().map(ModelEndpoint::parse).toList();
        ModelEntry remote = new ModelEntry(entry.name(), new ModelSource.Remote(endpoints), entry.top1(), false,
                entry.input(), entry.output(), entry.preprocessing());
        ZooManifest front = new ZooManifest(folder.resolve(ZooManifest.FILE_NAME), manifest.name() + "-front",
                manifest.dataset(), manifest.labels(), List.of(remote));
        ServerConfig config = ServerConfig.builder().build();
        return new ZooLoader(System::nanoTime).load(front, config.intraOpThreads(), config.maxBatch());
    }

    /**
     * Section 1: the hop at concurrency 1, and the front end's client alone; the same over gRPC between the front
     * end and the member.
     */
    private void hop(ServedModel served, ModelEntry entry, URI member, URI front, ModelEndpoint grpc, URI overGrpc)
            throws Exception {
        String name = served.name();
        OkHttpClient http = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(8, 5, TimeUnit.MINUTES)).build();
        RestTransport transport = new RestTransport(ModelEndpoint.parse(member + "/v2/models/" + name), http);
        GrpcTransport grpcTransport = new GrpcTransport(grpc);
        RemoteCall call = new RemoteCall(entry.input().name(), served.input().forBatch(batch),
                served.input().seededItems(batch, LoadtestRequest.SEED), entry.output().name(), OptionalDouble.empty(),
                Duration.ofSeconds(10).toNanos());
        List<TakingTurns.Side> sides = List.of(
                new TakingTurns.Side("direct: load generator -> member server", TakingTurns.http(member,
                        LoadtestRequest.build(member, name, batch, true, Optional.empty()))),
                new TakingTurns.Side("hop: load generator -> front end -> member server", TakingTurns.http(front,
                        LoadtestRequest.build(front, name, batch, true, Optional.empty()))),
                new TakingTurns.Side("the front end's client alone: RestTransport (OkHttp) -> member server",
                        TakingTurns.inProcess(() -> () -> transport.infer(call).values())),
                new TakingTurns.Side("hop over gRPC: load generator -> front end -> member server's gRPC port",
                        TakingTurns.http(overGrpc, LoadtestRequest.build(overGrpc, name, batch, true,
                                Optional.empty()))),
                new TakingTurns.Side("the front end's gRPC client alone: GrpcTransport (grpc-java) -> member server",
                        TakingTurns.inProcess(() -> () -> grpcTransport.infer(call).values())));
        try {
            measure(sides, 1, null);
        } finally {
            sides.forEach(TakingTurns.Side::close);
            grpcTransport.close();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
        out.println("## 1. The hop at concurrency 1: " + name);
        out.println(HEADER);
        out.println(RULE);
        sides.forEach(this::row);
        LoadtestRecorder.Snapshot direct = sides.get(0).snapshot();
        LoadtestRecorder.Snapshot hop = sides.get(1).snapshot();
        LoadtestRecorder.Snapshot client = sides.get(2).snapshot();
        LoadtestRecorder.Snapshot hopGrpc = sides.get(3).snapshot();
        LoadtestRecorder.Snapshot clientGrpc = sides.get(4).snapshot();
        out.printf(Locale.ROOT, "the hop adds %.3f ms at p50 (target < 0.3 ms) and %.3f ms at p99; hop / direct:"
                + " %.2fx at p50, %.2fx at p99%n", hop.percentileMs(0.5) - direct.percentileMs(0.5),
                hop.percentileMs(0.99) - direct.percentileMs(0.99),
                hop.percentileMs(0.5) / direct.percentileMs(0.5), hop.percentileMs(0.99) / direct.percentileMs(0.99));
        out.printf(Locale.ROOT, "over gRPC to the member the hop adds %.3f ms at p50 and %.3f ms at p99 (hop over"
                + " gRPC less direct); the front end's call alone: gRPC %.3f ms, REST %.3f ms at p50%n",
                hopGrpc.percentileMs(0.5) - direct.percentileMs(0.5),
                hopGrpc.percentileMs(0.99) - direct.percentileMs(0.99), clientGrpc.percentileMs(0.5),
                client.percentileMs(0.5));
        double frontCall = hop.queueMs().percentile(0.5) + hop.inferenceMs().percentile(0.5);
        out.println("where the hop's time goes, at p50 (differences of medians, so approximate):");
        out.println("| part | ms |");
        out.println("|---|---:|");
        out.printf(Locale.ROOT, "| the front end's call to the member server, as the front end times it (its queue_ms +"
                + " inference_ms) | %.3f |%n", frontCall);
        out.printf(Locale.ROOT, "| the same call from an otherwise idle thread: RestTransport (OkHttp) | %.3f |%n",
                client.percentileMs(0.5));
        out.printf(Locale.ROOT, "| the same call with the load generator's own HTTP/1.1 client (the direct path) |"
                + " %.3f |%n", direct.percentileMs(0.5));
        out.printf(Locale.ROOT, "| the front end's own work around the call: decode, queue, reply (its server_ms less"
                + " queue_ms and inference_ms) | %.3f |%n", hop.serverMs().percentile(0.5) - frontCall);
        out.printf(Locale.ROOT, "| the second HTTP exchange: client latency less server_ms, the hop's less the"
                + " direct's | %.3f |%n%n", (hop.percentileMs(0.5) - hop.serverMs().percentile(0.5))
                - (direct.percentileMs(0.5) - direct.serverMs().percentile(0.5)));
        out.flush();
    }

    /** Section 2: one front end with one replica against one with two, and the member server directly. */
    private void replicas(String name, URI a, URI b, URI one, URI two) throws Exception {
        List<TakingTurns.Side> sides = List.of(
                new TakingTurns.Side("direct: member server 1", TakingTurns.http(a,
                        LoadtestRequest.build(a, name, batch, true, Optional.empty()))),
                new TakingTurns.Side("front end, one replica (member server 1)", TakingTurns.http(one,
                        LoadtestRequest.build(one, name, batch, true, Optional.empty()))),
                new TakingTurns.Side("front end, two replicas (member servers 1 and 2)", TakingTurns.http(two,
                        LoadtestRequest.build(two, name, batch, true, Optional.empty()))));
        long[] shares = new long[2];
        try {
            measure(sides, concurrency, (side, turn) -> {
                if (side == sides.get(2)) {
                    long[] before = {served(a, name), served(b, name)};
                    turn.run();
                    shares[0] += served(a, name) - before[0];
                    shares[1] += served(b, name) - before[1];
                } else {
                    turn.run();
                }
            });
        } finally {
            sides.forEach(TakingTurns.Side::close);
        }
        out.println("## 2. Replicas at concurrency " + concurrency + ": " + name);
        out.println(HEADER);
        out.println(RULE);
        sides.forEach(this::row);
        long calls = shares[0] + shares[1];
        out.printf(Locale.ROOT, "two replicas / one: %.2fx the replies a second, %.2fx the p50, %.2fx the p99;"
                + " batches the two-replica front end sent: %.1f %% to member server 1, %.1f %% to member server 2"
                + " (their served-request counters)%n%n",
                sides.get(2).throughput() / sides.get(1).throughput(),
                sides.get(2).snapshot().percentileMs(0.5) / sides.get(1).snapshot().percentileMs(0.5),
                sides.get(2).snapshot().percentileMs(0.99) / sides.get(1).snapshot().percentileMs(0.99),
                LoadtestReport.percent(shares[0], calls), LoadtestReport.percent(shares[1], calls));
        out.flush();
    }

    /** Runs one side's turn; a section may wrap it (to read counters around it). */
    private interface TurnWrapper {
        void around(TakingTurns.Side side, Turn turn) throws Exception;
    }

    private interface Turn {
        void run() throws Exception;
    }

    /** A warm-up turn of each side, then {@value #ROUNDS} rounds of counted turns. */
    private void measure(List<TakingTurns.Side> sides, int clients, @Nullable TurnWrapper wrapper) throws Exception {
        for (TakingTurns.Side side : sides) {
            side.turn(clients, warmup, false);
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (TakingTurns.Side side : sides) {
                Turn turn = () -> side.turn(clients, seconds / ROUNDS, true);
                if (wrapper == null) {
                    turn.run();
                } else {
                    wrapper.around(side, turn);
                }
            }
        }
    }

    private void row(TakingTurns.Side side) {
        LoadtestRecorder.Snapshot s = side.snapshot();
        out.printf(Locale.ROOT, "| %s | %.0f | %.3f | %.3f | %.3f | %.3f | %s | %s | %s | %s | %d%s |%n",
                side.label(), side.throughput(), s.percentileMs(0.5), s.percentileMs(0.9), s.percentileMs(0.99),
                s.latenciesMs().mean(), ms(s.serverMs()), ms(s.queueMs()), ms(s.inferenceMs()),
                s.batchSizes().count() == 0 ? "" : String.format(Locale.ROOT, "%.2f", s.batchSizes().mean()), s.errors(),
                s.errors() > 0 ? " " + s.statuses() : "");
    }

    private static String ms(LoadtestRecorder.Samples samples) {
        return samples.count() == 0 ? "" : String.format(Locale.ROOT, "%.3f", samples.percentile(0.5));
    }

    /** A member server's count of served requests for the model, from its Prometheus metrics. */
    private static long served(URI server, String model) throws IOException {
        try (LoadtestConnection connection = new LoadtestConnection(server)) {
            String metrics = new String(connection.exchange(LoadtestConnection.head("GET", server, "/metrics",
                    Map.of(), -1)).body(), StandardCharsets.UTF_8);
            return metrics.lines()
                    .filter(line -> line.startsWith("mdi_requests_total{") && line.contains("model=\"" + model + "\"")
                            && line.contains("outcome=\"served\""))
                    .mapToLong(line -> Math.round(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))))
                    .sum();
        }
    }

    private static URI uri(MdiServer server) {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private static MdiServer start(ServerConfig config, ServedZoo served) throws Exception {
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
}
