package org.mdinference.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mdinference.loadgen.ClientComparison;
import org.mdinference.loadgen.HopBenchmark;
import org.mdinference.loadgen.LoadtestAccess;
import org.mdinference.loadgen.LoadtestBenchmark;
import org.mdinference.loadgen.LoadtestDriver;
import org.mdinference.loadgen.LoadtestReport;
import org.mdinference.loadgen.LoadtestRequest;
import org.mdinference.protocol.RequestParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "loadtest",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Loads an Open Inference Protocol server with one model's requests for a bounded time, closed"
                + " loop (N clients, each sending its next request when its last is answered) or open loop (R"
                + " requests a second, whatever the replies do), and prints a progress line a second and a final"
                + " table: throughput, latency p50/p90/p99, the server's own timings, errors by status, the models"
                + " the server says answered, and, with --sla-ms, the share of replies within their budget.",
            "With --benchmark it instead starts the server in-process on a zoo and measures, side by side in one"
                + " run: the smallest model over HTTP against the same model in-process; dynamic batching on"
                + " against off at concurrency 32; and MDInference against static-accuracy at twice the rate the"
                + " most accurate model sustains. See docs/performance.md.",
            "With --hop-benchmark it starts two member servers and two front ends in-process on loopback (the front"
                + " ends' zoo holds one model of --zoo as an endpoint of the first member server, or of both as"
                + " replicas) and measures in turns what the front end's hop adds over calling the member server"
                + " directly, at concurrency 1, and one replica against two at --concurrency (default 16).", ""},
        footer = {"",
            "Examples:",
            "  mdi loadtest --model linear --concurrency 1 --duration 10",
            "  mdi loadtest --model linear --concurrency 32 --binary",
            "  mdi loadtest --model fashion --rate 500 --duration 20 --sla-ms 30 --elapsed-ms 5",
            "  mdi loadtest --benchmark --duration 5",
            "  mdi loadtest --hop-benchmark --duration 20 --warmup 3",
            "  mdi loadtest --compare-clients --model linear --binary --duration 20",
            "  mdi loadtest --url https://localhost:8443 --ca-file ca.pem --token-file token.txt --model linear"
                + " --concurrency 8"})
final class LoadtestCommand implements Callable<Integer> {

    /** The hop benchmark's clients when one front end meets two replicas: enough to keep both busy. */
    private static final int HOP_REPLICA_CONCURRENCY = 16;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The server (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model to call: a zoo member, or the zoo itself (then give --sla-ms).")
    String model;

    @Option(names = "--concurrency", paramLabel = "N", description = "Closed loop with N clients.")
    Integer concurrency;

    @Option(names = "--rate", paramLabel = "R", description = "Open loop at R requests a second.")
    Double rate;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "10",
            description = "Seconds measured, per run with --benchmark (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "1",
            description = "Seconds of the same load before measuring, not counted (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--sla-ms", paramLabel = "MS",
            description = "The requests' sla_ms parameter; needed by the zoo, and counts replies within budget.")
    Double slaMs;

    @Option(names = "--elapsed-ms", paramLabel = "MS", defaultValue = "0",
            description = "The requests' elapsed_ms; a request sent after it was due adds the delay, as a device"
                    + " would (default: ${DEFAULT-VALUE}).")
    double elapsedMs;

    @Option(names = "--return-ms", paramLabel = "MS",
            description = "The requests' return_ms (default: not sent, so the server takes it equal to"
                    + " --elapsed-ms, the paper's symmetric rule).")
    Double returnMs;

    @Option(names = "--policy", paramLabel = "NAME",
            description = "The requests' policy parameter (default: the server's).")
    String policy;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
            description = "Items per request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--binary",
            description = "Send the tensor and ask for the outputs with the binary tensor extension instead of JSON.")
    boolean binary;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "2048",
            description = "Open loop: requests outstanding at most; beyond, sends are skipped and counted"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--benchmark",
            description = "Run the server benchmark in-process on --zoo instead of loading --url.")
    boolean benchmark;

    @Option(names = "--hop-benchmark",
            description = "Measure a front end's hop to a remote member in-process on --zoo (its fastest model, or"
                    + " --model) instead of loading --url.")
    boolean hopBenchmark;

    @Option(names = "--compare-clients",
            description = "Instead of one load, send the same requests to --url with the load generator's own HTTP"
                    + " client and with OkHttp's synchronous call, in turns, closed loop at --concurrency (default 1),"
                    + " and print both. See docs/performance.md.")
    boolean compareClients;

    @Option(names = "--zoo", paramLabel = "DIR", defaultValue = "zoo/fashion",
            description = "With --benchmark or --hop-benchmark: the zoo to serve (default: ${DEFAULT-VALUE}).")
    Path zoo;

    @Mixin
    ClientAccessOptions access;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!(durationSeconds > 0) || warmupSeconds < 0 || batch < 1) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive, --warmup not negative,"
                    + " --batch at least 1");
        }
        if (benchmark) {
            new LoadtestBenchmark(zoo, durationSeconds, warmupSeconds, out).run();
            return 0;
        }
        if (hopBenchmark) {
            if (rate != null) {
                throw new ParameterException(spec.commandLine(), "--hop-benchmark measures closed loops: drop --rate");
            }
            new HopBenchmark(zoo, model, durationSeconds, warmupSeconds,
                    concurrency == null ? HOP_REPLICA_CONCURRENCY : concurrency, batch, out).run();
            return 0;
        }
        if (compareClients) {
            if (model == null || rate != null) {
                throw new ParameterException(spec.commandLine(), "--compare-clients takes --model and a closed loop"
                        + " (--concurrency, 1 by default)");
            }
            URI server = URI.create(url);
            new ClientComparison(server, LoadtestRequest.build(server, model, batch, binary, Optional.empty(),
                    loadtestAccess()), concurrency == null ? 1 : concurrency).run(warmupSeconds, durationSeconds, out);
            return 0;
        }
        if (model == null || (concurrency == null) == (rate == null)) {
            throw new ParameterException(spec.commandLine(), "give --model and one of --concurrency or --rate"
                    + " (or --benchmark)");
        }
        LoadtestDriver.Load load = concurrency != null ? LoadtestDriver.Load.closed(concurrency)
                : LoadtestDriver.Load.open(rate, maxInFlight);
        URI server = URI.create(url);
        if (slaMs == null && (policy != null || returnMs != null)) {
            throw new ParameterException(spec.commandLine(), "--policy and --return-ms are the zoo's parameters:"
                    + " give --sla-ms too");
        }
        Optional<RequestParameters> parameters = Optional.empty();
        if (slaMs != null) {
            RequestParameters zoo = RequestParameters.of(slaMs).withElapsedMs(elapsedMs);
            zoo = returnMs != null ? zoo.withReturnMs(returnMs) : zoo;
            parameters = Optional.of(policy != null ? zoo.withPolicy(policy) : zoo);
        }
        LoadtestRequest request = LoadtestRequest.build(server, model, batch, binary, parameters, loadtestAccess());
        double budgetMs = slaMs == null ? Double.NaN
                : slaMs - elapsedMs - (returnMs != null ? returnMs : elapsedMs);
        LoadtestDriver.Result result = LoadtestDriver.run(server, request, load, budgetMs, warmupSeconds,
                durationSeconds, out);
        new LoadtestReport(result, budgetMs).print(out, String.format(Locale.ROOT, "%s, %s, %s, %.0f s%s", model,
                load.describe(), binary ? "binary tensors" : "JSON tensors", durationSeconds, slaMs == null ? ""
                        : String.format(Locale.ROOT, ", sla %.1f ms (budget %.1f ms)", slaMs, budgetMs)));
        return 0;
    }

    private LoadtestAccess loadtestAccess() {
        return new LoadtestAccess(access.trusted(), access.token());
    }
}
