package org.mdinference.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.mdinference.core.LatencyProfile;
import org.mdinference.server.access.LoopbackAccess;
import org.mdinference.server.access.RestAccess;
import org.mdinference.server.access.ServerCertificate;
import org.mdinference.server.dashboard.DashboardData;
import org.mdinference.server.dashboard.DashboardRoutes;
import org.mdinference.server.grpc.GrpcServer;
import org.mdinference.server.http.OipRoutes;
import org.mdinference.server.metrics.RequestLog;
import org.mdinference.server.metrics.ServerMetrics;
import org.mdinference.server.model.ServedZoo;
import org.mdinference.server.protocol.InferReplyEncoder;
import org.mdinference.server.protocol.InferRequestDecoder;
import org.mdinference.server.protocol.InputTensors;

/**
 * The MDInference cloud server: a zoo served over the Open Inference Protocol, REST and, when the config names a
 * gRPC port, gRPC, each member by its own name and the zoo by its name, with Prometheus metrics. Both transports
 * share one service, one set of metrics and one readiness. It owns the zoo it is given: closing the server stops
 * the listeners, fails the requests still queued, then closes the zoo's runtime.
 *
 * <pre>{@code
 * try (MdiServer server = new MdiServer(config, new ZooLoader(System::nanoTime).load(dir, 1, 32))) {
 *     int port = server.start();
 *     server.awaitReady(Duration.ofMinutes(1));
 *     ...
 * }
 * }</pre>
 */
public final class MdiServer implements AutoCloseable {

    private final ServerConfig config;
    private final ServedZoo zoo;
    private final InferenceService service;
    /**
     * The warm-up's own twin of {@link #service}: the same code and models behind queues, metrics and live profiles
     * of its own, so that warm-up requests take the very path real ones take (the decision, the metrics, the
     * futures) and still count nowhere. Closed once the warm-up is over.
     */
    private final InferenceService warmUpService;
    private final Javalin app;
    private final ServerMetrics metrics;
    private final RequestLog log;
    private final LongSupplier nanoClock;
    /** Started with the HTTP listener when the config names a gRPC port. */
    private Optional<GrpcServer> grpc = Optional.empty();
    private final ThreadFactory threads;
    private final RequestPathWarmUp requestPath;
    private final GrpcPathWarmUp grpcPath;
    private final String warmUpToken;
    private final CompletableFuture<Void> warmedUp = new CompletableFuture<>();
    private boolean started;

    /** A server on the system's clock, with daemon batcher threads, logging requests if the config says so. */
    public MdiServer(ServerConfig config, ServedZoo zoo) {
        this(config, zoo, System::nanoTime, MdiServer::daemon,
                config.requestLog() ? RequestLog.jsonLines(System.err, new ObjectMapper()) : RequestLog.OFF);
    }

    public MdiServer(ServerConfig config, ServedZoo zoo, LongSupplier nanoClock, ThreadFactory threads,
                     RequestLog log) {
        this.config = config;
        this.zoo = zoo;
        ServerMetrics metrics = new ServerMetrics();
        this.metrics = metrics;
        this.log = log;
        this.nanoClock = nanoClock;
        this.threads = threads;
        this.service = new InferenceService(zoo, config, metrics, nanoClock, threads);
        this.warmUpService = new InferenceService(zoo, config, new ServerMetrics(), nanoClock, threads);
        ObjectMapper json = new ObjectMapper();
        this.warmUpToken = UUID.randomUUID().toString();
        this.requestPath = new RequestPathWarmUp(service, warmUpToken);
        this.grpcPath = new GrpcPathWarmUp(service, warmUpToken);
        InferRequestDecoder decoder = new InferRequestDecoder(json, new InputTensors(config.maxTensorElements()));
        OipRoutes routes = new OipRoutes(service, decoder, new InferReplyEncoder(json), metrics, log, nanoClock,
                config.maxBodyBytes(), config.requestTimeout(), version(), this::isReady, warmUpService, warmUpToken);
        InferReplyEncoder replies = new InferReplyEncoder(json);
        DashboardRoutes dashboard = new DashboardRoutes(new DashboardData(service, metrics, System::currentTimeMillis),
                replies::json);
        this.app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.startupWatcherEnabled = false;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.router.mount(routes::register);
            javalin.router.mount(dashboard::register);
            config.access().tls().ifPresent(tls -> javalin.jetty.addConnector((server, http) ->
                    tlsConnector(server, http, tls)));
            // a before-handler: it runs once the head is read, before any route reads the body
            config.access().tokens().ifPresent(tokens -> javalin.router.mount(router -> router.before(
                    new RestAccess(tokens, config.access().tokenForMetrics(), metrics)::check)));
        });
        app.exception(HttpResponseException.class, routes::failed);
        app.exception(Exception.class, routes::failed);
    }

    /**
     * The REST listener with TLS, in place of Javalin's plain one: HTTP/1.1 inside TLS only, so that a plain request
     * to the port fails its handshake rather than being answered.
     */
    private ServerConnector tlsConnector(org.eclipse.jetty.server.Server server, HttpConfiguration http,
                                         ServerCertificate tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(tls.keyStorePassword());
        HttpConfiguration https = new HttpConfiguration(http);
        // the client checks the name; a request by address or by another of the host's names is still served
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(config.host());
        connector.setPort(config.port());
        return connector;
    }

    /**
     * Starts listening, then warms every model up in the background ({@link InferenceService#warmUp}, {@link
     * LatencyProfile#WARM_UP_INFERENCES} runs at batch 1 and at the max batch), then the whole request path with
     * real HTTP requests to itself ({@link RequestPathWarmUp}: JSON, binary and image tensors, the zoo) and, with a
     * gRPC port, real gRPC calls ({@link GrpcPathWarmUp}), none of it counted in the metrics or the live profiles.
     * Until that is done the server is live but not ready: {@code /v2/health/ready} and each model's {@code ready}
     * answer 503 {@code "ready": false} (gRPC's ServerReady and ModelReady {@code ready: false}), and inference
     * requests 503 with {@code Retry-After} (gRPC UNAVAILABLE). A config without warm-up ({@link
     * ServerConfig#warmUp()}) is ready at once. The gRPC listener, when the config names a port for it, starts with
     * the HTTP one and shares its readiness.
     *
     * @return the HTTP port bound: the configured one, or a free one when the config says 0
     * @throws IllegalStateException when started twice
     * @throws java.io.UncheckedIOException when the gRPC port cannot be bound (the HTTP listener is stopped again)
     */
    public synchronized int start() {
        if (started) {
            throw new IllegalStateException("the server is already started");
        }
        started = true;
        app.start(config.host(), config.port());
        if (config.grpcPort().isPresent()) {
            try {
                grpc = Optional.of(GrpcServer.start(config, service, metrics, log, nanoClock, version(),
                        this::isReady, warmUpService, warmUpToken));
            } catch (RuntimeException e) {
                app.stop();
                throw e;
            }
        }
        if (!config.warmUp()) {
            warmUpService.close();
            warmedUp.complete(null);
            return app.port();
        }
        Thread warmUp = threads.newThread(() -> {
            try {
                warmUp();
                warmedUp.complete(null);
            } catch (RuntimeException | Error e) {
                warmedUp.completeExceptionally(e);
            }
        });
        warmUp.setName("mdi-warm-up");
        warmUp.start();
        return app.port();
    }

    /** The warm-up's twin is closed before the server is ready, lest its closing compete with the first requests. */
    private void warmUp() {
        try {
            service.warmUp(LatencyProfile.WARM_UP_INFERENCES);
            LoopbackAccess access = LoopbackAccess.of(config.access());
            requestPath.run(URI.create(config.access().scheme() + "://" + loopback() + ":" + app.port()), access);
            OptionalInt grpcPort = grpcPort();
            if (grpcPort.isPresent()) {
                grpcPath.run(loopbackHost(), grpcPort.getAsInt(), access);
            }
        } finally {
            warmUpService.close();
        }
    }

    /** Where this process reaches its own listener: the bound address, or loopback for every interface. */
    private String loopback() {
        String host = loopbackHost();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private String loopbackHost() {
        String host = config.host();
        return host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? "127.0.0.1" : host;
    }

    /** The HTTP port bound, once started. */
    public int port() {
        return app.port();
    }

    /** The gRPC port bound, once started; empty when the config names none. */
    public synchronized OptionalInt grpcPort() {
        return grpc.map(server -> OptionalInt.of(server.port())).orElse(OptionalInt.empty());
    }

    /** Whether the warm-up is done and requests are served: false again once the server drains. */
    public boolean isReady() {
        return warmedUp.isDone() && !warmedUp.isCompletedExceptionally() && !service.draining().active();
    }

    /**
     * The graceful part of a shutdown: from now on readiness answers 503 (gRPC {@code ready: false}) and new
     * inference requests 503 with {@code Retry-After} (gRPC UNAVAILABLE), saying the server is shutting down, while
     * liveness, metadata and metrics still answer; the requests in flight run on and get their replies. Returns once
     * they are all answered (and their replies written), or when {@code limit} passes: those still queued are then
     * answered 503, and those still running are cut off by {@link #close}.
     *
     * @return whether every request in flight was answered within the limit
     */
    public boolean drain(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        if (!service.draining().drain(limit)) {
            // while the listeners still answer, so that those queued get their 503 rather than a closed connection;
            // the thread that fails them writes their replies
            service.close();
            return false;
        }
        // an answer decided is not yet an answer written: Jetty's count of the requests it holds says when it is,
        // so that stopping the listener cuts no reply off
        StatisticsHandler http = app.jettyServer().server().getChildHandlerByClass(StatisticsHandler.class);
        while (http != null && http.getRequestsActive() > 0 && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        return true;
    }

    /**
     * Waits until the server is ready.
     *
     * @throws TimeoutException when the warm-up takes longer than {@code timeout}
     * @throws IllegalStateException when the warm-up failed (its cause attached) or the server was never started
     */
    public void awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        synchronized (this) {
            if (!started) {
                throw new IllegalStateException("the server is not started");
            }
        }
        try {
            warmedUp.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the warm-up failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public ServerConfig config() {
        return config;
    }

    /** The requests' service, for in-process callers. */
    public InferenceService service() {
        return service;
    }

    @Override
    public void close() throws Exception {
        Optional<GrpcServer> grpcServer;
        synchronized (this) {
            grpcServer = grpc;
        }
        try {
            grpcServer.ifPresent(GrpcServer::shutdown);
            app.stop();
            // closing the queues fails the calls still waiting, so gRPC's wait for them ends at once
            service.close();
            warmUpService.close();
            if (grpcServer.isPresent()) {
                grpcServer.get().close();
            }
        } finally {
            zoo.close();
        }
    }

    private static String version() {
        String version = MdiServer.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    private static Thread daemon(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        return thread;
    }
}
