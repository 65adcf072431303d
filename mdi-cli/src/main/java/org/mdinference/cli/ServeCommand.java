package org.mdinference.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mdinference.core.LatencyProfile;
import org.mdinference.core.Policies;
import org.mdinference.onnx.PemKeys;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.access.ServerAccess;
import org.mdinference.server.access.ServerCertificate;
import org.mdinference.server.access.TokenCheck;
import org.mdinference.server.model.ZooLoader;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.model.ServedZoo;
import org.mdinference.server.remote.MemberAccess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Serves a zoo over the Open Inference Protocol (KServe v2, REST and gRPC): every model by its"
                + " own name, and the zoo by its name as a virtual model that picks, per request, the most accurate"
                + " member expected to answer within the request's budget (parameters sla_ms, elapsed_ms, return_ms;"
                + " see docs/protocol.md). Each model has a bounded queue and a dynamic batcher. Runs until"
                + " interrupted; on SIGTERM or Ctrl-C it drains first (--drain-seconds).",
            ""},
        footer = {"",
            "Examples:",
            "  mdi serve",
            "  mdi serve --port 9000 --policy static-accuracy --max-batch 1",
            "  mdi serve --port 0 --grpc-port 0",
            "  mdi serve --tls-cert cert.pem --tls-key key.pem --auth-token-file tokens.txt",
            "  curl localhost:8080/v2/models/fashion",
            "  grpcurl -plaintext -proto mdi-grpc/src/main/proto/grpc_service.proto -d '{\"name\": \"fashion\"}' \\",
            "      localhost:8081 inference.GRPCInferenceService/ModelMetadata"})
final class ServeCommand implements Callable<Integer> {

    /** The warm-up of a zoo of large models at a large max batch takes a while; beyond this, something is wrong. */
    private static final Duration WARM_UP_TIMEOUT = Duration.ofMinutes(10);
    /** What closing takes beyond the drain (the gRPC listener's grace, the runtime); beyond this, exit anyway. */
    private static final int CLOSE_SECONDS = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    ZooCommand.ZooFolder zoo;

    @Option(names = "--zoo-public-key", paramLabel = "PUB",
            description = "Serve the zoo only if zoo.json carries a valid Ed25519 signature (zoo.json.sig, written by"
                    + " 'mdi zoo sign') by this public key, a PEM file (-----BEGIN PUBLIC KEY-----, as 'openssl pkey"
                    + " -pubout' writes it); an unsigned, altered or otherwise signed manifest stops the start. With"
                    + " each model file's SHA-256 in zoo.json, every model served is the published one (default:"
                    + " no check).")
    Path zooPublicKey;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String host;

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "Port to listen on; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--grpc-port", paramLabel = "P", defaultValue = "" + ServerConfig.DEFAULT_GRPC_PORT,
            description = "Port of the protocol's gRPC API (service inference.GRPCInferenceService, proto in"
                    + " mdi-grpc/src/main/proto/grpc_service.proto), on the same address; 0 for any free one. The"
                    + " start-up lines say which port was bound (default: ${DEFAULT-VALUE}).")
    int grpcPort;

    @Option(names = "--policy", paramLabel = "NAME", defaultValue = ServerConfig.DEFAULT_POLICY,
            description = "The zoo's selection policy unless a request's 'policy' parameter names another: "
                    + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = PolicyNames.class)
    String policy;

    @Option(names = "--gamma", paramLabel = "G", defaultValue = "" + ServerConfig.DEFAULT_GAMMA,
            description = "MDInference's margin: a member fits when its expected queue wait plus mean latency plus G "
                    + "standard deviations of both stays within the budget. Larger G: fewer late replies, less "
                    + "accurate models under load (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--max-batch", paramLabel = "B", defaultValue = "" + ServerConfig.DEFAULT_MAX_BATCH,
            description = "Largest batch the dynamic batcher runs, and the most items one zoo request may hold;"
                    + " 1 turns batching off (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-batch-ms", paramLabel = "MS", defaultValue = "10",
            description = "Each model's batches are kept to the size its profile says runs within this time; a"
                    + " batch of one always runs (default: ${DEFAULT-VALUE}). A batch that outlasts the requests'"
                    + " budgets makes all of them late.")
    double maxBatchMs;

    @Option(names = "--max-queue-delay-ms", paramLabel = "MS", defaultValue = "0",
            description = "How long a batch waits after its first request for more to join (default:"
                    + " ${DEFAULT-VALUE}: run at once what is queued; batches then form from the requests that"
                    + " arrive while the previous batch runs).")
    double maxQueueDelayMs;

    @Option(names = "--queue-capacity", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_QUEUE_CAPACITY,
            description = "Items each model's queue holds; beyond it requests are answered 503 with Retry-After"
                    + " (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "1",
            description = "Batches of one model that run at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--threads", paramLabel = "T",
            description = "ONNX Runtime intra-op threads per inference (default: a quarter of the cores, at least 1;"
                    + " here ${DEFAULT-VALUE}).")
    int threads = ServerConfig.defaultIntraOpThreads();

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "" + ServerConfig.DEFAULT_MAX_BODY_BYTES,
            description = "Largest request body; a larger one is answered 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--max-tensor-elements", paramLabel = "N",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_TENSOR_ELEMENTS,
            description = "Most elements one input may declare in its shape: FP32 values, or BYTES elements (images);"
                    + " more is answered 400 before its data are read (default: ${DEFAULT-VALUE}, 32 MB of FP32).")
    int maxTensorElements;

    @Option(names = "--request-timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "A request not answered by then is answered 504 (default: ${DEFAULT-VALUE}).")
    long requestTimeoutMs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the random policy (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--request-log",
            description = "Log every request as one JSON line on standard error (default: off).")
    boolean requestLog;

    @Option(names = "--no-warm-up",
            description = "Report ready at once instead of after the warm-up; the first requests then pay for cold"
                    + " models and code (tens of ms). For tests and quick tries (default: warm up).")
    boolean noWarmUp;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Serve REST and gRPC over TLS only, with this certificate chain (PEM: the server's"
                    + " certificate first, then any intermediates); give --tls-key too. Plain HTTP and plain gRPC"
                    + " then get no answer on those ports. See docs/reliability.md for making one with openssl"
                    + " (default: no TLS).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM",
            description = "The private key of --tls-cert: unencrypted PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), RSA or"
                    + " EC.")
    Path tlsKey;

    @Option(names = "--auth-token-file", paramLabel = "FILE",
            description = "Ask every request for a bearer token ('Authorization: Bearer TOKEN'; gRPC metadata"
                    + " 'authorization') that is one of this file's (one a line; blank lines and # comments"
                    + " skipped), compared in constant time: none 401 (gRPC UNAUTHENTICATED), a wrong one 403"
                    + " (PERMISSION_DENIED). /v2/health/live and /v2/health/ready (gRPC ServerLive, ServerReady)"
                    + " stay open, /metrics too unless --auth-metrics. Read at start (default: no tokens).")
    Path authTokenFile;

    @Option(names = "--auth-metrics",
            description = "Ask /metrics for a token too, and the dashboard's data (/dashboard/data; open the page as"
                    + " /dashboard#token=TOKEN) (Prometheus: 'authorization: {credentials_file: FILE}' in its scrape"
                    + " config). Needs --auth-token-file (default: /metrics open).")
    boolean authMetrics;

    @Option(names = "--member-ca-file", paramLabel = "PEM",
            description = "Remote members at https:// or grpcs:// endpoints are trusted when this PEM file's CA"
                    + " certificate(s) signed theirs, for the endpoint's host (default: the JVM's CAs).")
    Path memberCaFile;

    @Option(names = "--member-token-file", paramLabel = "FILE",
            description = "Send the first token of this file to every remote member, on every call (metadata,"
                    + " probes, health probes, inference), for members started with --auth-token-file (default:"
                    + " none).")
    Path memberTokenFile;

    @Option(names = "--drain-seconds", paramLabel = "S", defaultValue = "10",
            description = "On SIGTERM (docker stop, a Kubernetes pod's end) or Ctrl-C readiness turns 503 at once, new"
                    + " inference requests are answered 503 with Retry-After (gRPC UNAVAILABLE), the requests in"
                    + " flight finish, and the process exits as soon as none is left, after S seconds at most:"
                    + " those still queued then are answered 503. Liveness stays 200 meanwhile. The exit code is the"
                    + " JVM's for the signal: 143 for SIGTERM, 130 for Ctrl-C (default: ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Override
    public Integer call() throws Exception {
        if (drainSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--drain-seconds must be 0 or more, got " + drainSeconds);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--tls-cert and --tls-key go together: give both, or neither for plain HTTP and gRPC");
        }
        ServerAccess access = new ServerAccess(
                tlsCert == null ? Optional.empty() : Optional.of(ServerCertificate.read(tlsCert, tlsKey)),
                Optional.ofNullable(authTokenFile).map(TokenCheck::read), authMetrics);
        MemberAccess members = MemberAccess.read(Optional.ofNullable(memberCaFile),
                Optional.ofNullable(memberTokenFile));
        ServerConfig config = ServerConfig.builder().host(host).port(port).grpcPort(grpcPort).policy(policy)
                .gamma(gamma)
                .maxBatch(maxBatch)
                .maxBatchTime(Duration.ofNanos(Math.round(maxBatchMs * 1e6)))
                .maxQueueDelay(Duration.ofNanos(Math.round(maxQueueDelayMs * 1e6))).queueCapacity(queueCapacity)
                .workersPerModel(workers).intraOpThreads(threads).maxBodyBytes(maxBodyBytes)
                .maxTensorElements(maxTensorElements)
                .requestTimeout(Duration.ofMillis(requestTimeoutMs)).seed(seed).requestLog(requestLog)
                .warmUp(!noWarmUp).access(access).build();
        PrintWriter out = spec.commandLine().getOut();
        out.println("mdi serve: loading zoo " + zoo.path + " ...");
        ZooManifest manifest = zooPublicKey == null ? zoo.manifest()
                : ZooManifest.readSigned(zoo.path, PemKeys.readPublic(zooPublicKey));
        if (zooPublicKey != null) {
            out.println("mdi serve: " + manifest.file() + " is signed by the key of " + zooPublicKey);
        }
        ServedZoo served = new ZooLoader(System::nanoTime, members).load(manifest, config.intraOpThreads(),
                config.maxBatch());
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (MdiServer server = new MdiServer(config, served)) {
            int bound = server.start();
            String address = "0.0.0.0".equals(host) ? "localhost" : host;
            String base = access.scheme() + "://" + address + ":" + bound;
            String grpc = address + ":" + server.grpcPort().orElseThrow();
            if (config.warmUp()) {
                out.printf("mdi serve: listening on %s and gRPC %s; warming %d models up (%d runs each at batch 1 and"
                        + " at its max batch, up to %d) ...%n", base, grpc, served.members().size(),
                        LatencyProfile.WARM_UP_INFERENCES, config.maxBatch());
                out.flush();
            }
            long warming = System.nanoTime();
            server.awaitReady(WARM_UP_TIMEOUT);
            out.printf("mdi serve: ready after %.1f s of warm-up: zoo %s on %s (policy %s, max batch %d, %d thread(s)"
                    + " per inference)%n", (System.nanoTime() - warming) / 1e9, served.name(), base, config.policy(),
                    config.maxBatch(), config.intraOpThreads());
            out.println("  zoo:     POST " + base + "/v2/models/" + served.name() + "/infer"
                    + "   (parameters: sla_ms, elapsed_ms, return_ms)");
            for (ServedModel member : served.members()) {
                String remote = member.endpoints().isEmpty() ? "" : ", served at " + member.endpoints()
                        + (member.available() ? "" : ", not answering yet");
                out.printf("  model:   POST %s/v2/models/%s/infer   (%.1f %% top-1, %.3f ms, max batch %d%s)%n", base,
                        member.name(), 100 * member.accuracy(), member.profile().meanMs(),
                        server.service().maxBatch(member.name()), remote);
            }
            out.println("  gRPC:    " + grpc + "   (inference.GRPCInferenceService: ModelInfer, ModelMetadata,"
                    + " ServerReady, ...)" + (access.tls().isPresent() ? ", TLS" : ""));
            access.tokens().ifPresent(tokens -> out.println("  access:  a bearer token asked of every request ("
                    + tokens.size() + " accepted) but health" + (access.tokenForMetrics() ? "" : " and metrics")));
            out.println("  health:  GET  " + base + "/v2/health/ready");
            out.println("  metrics: GET  " + base + "/metrics");
            out.println("  live:    GET  " + base + "/dashboard   (the dashboard, in a browser; docs/dashboard.md)");
            out.println("Ctrl-C stops.");
            out.flush();
            // the JVM halts once its shutdown hooks return: this one holds it until the drain and the close are done
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    closed.await(drainSeconds + CLOSE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "mdi-drain"));
            stopped.await();
            long draining = System.nanoTime();
            out.printf("mdi serve: shutting down: readiness 503, new requests 503; draining %d request(s) in flight"
                    + " for up to %d s ...%n", server.service().draining().inFlight(), drainSeconds);
            out.flush();
            boolean drained = server.drain(Duration.ofSeconds(drainSeconds));
            out.printf("mdi serve: %s after %.1f s; stopping%n", drained ? "drained" : "drain limit reached with "
                    + server.service().draining().inFlight() + " request(s) in flight (the queued ones answered 503)",
                    (System.nanoTime() - draining) / 1e9);
            out.flush();
        } finally {
            closed.countDown();
        }
        return 0;
    }

    /** The policies, for the help text, and the check of a {@code --policy} list. */
    static final class PolicyNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Policies.NAMES.iterator();
        }

        /**
         * The policies a {@code --policy} list names, or all of {@code known} for {@code all}.
         *
         * @throws IllegalArgumentException naming the first unknown policy and the known ones
         */
        static List<String> chosen(List<String> requested, List<String> known) {
            if (requested.contains("all")) {
                return known;
            }
            requested.forEach(name -> org.mdinference.protocol.PolicyNames.check(name, known));
            return List.copyOf(requested);
        }
    }
}
