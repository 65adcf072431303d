package org.mdinference.server.grpc;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.mdinference.server.InferenceService;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.access.GrpcAccess;
import org.mdinference.server.metrics.RequestLog;
import org.mdinference.server.metrics.ServerMetrics;
import org.mdinference.server.protocol.InputTensors;

/**
 * The gRPC listener ({@link OipGrpcService} on Netty): bound when made, on the config's address and gRPC port,
 * reading messages up to the config's body limit (a larger one is refused RESOURCE_EXHAUSTED by gRPC itself).
 * Calls are decoded and admitted on a fixed pool of daemon threads, one per core, rather than gRPC's default
 * unbounded one; their replies are sent from the batcher threads that complete them.
 */
public final class GrpcServer implements AutoCloseable {

    /**
     * The header that marks the server's own warm-up calls, with the server's secret token: they are served before
     * the server is ready, by its warm-up twin of the service, and counted nowhere.
     */
    public static final Metadata.Key<String> WARM_UP_KEY = Metadata.Key.of("mdi-warm-up",
            Metadata.ASCII_STRING_MARSHALLER);

    /** How long closing waits for calls in flight (their queues are closed by then, so they end at once). */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Server server;
    private final ExecutorService calls;

    private GrpcServer(Server server, ExecutorService calls) {
        this.server = server;
        this.calls = calls;
    }

    /**
     * Binds and starts serving.
     *
     * @param ready         whether the models are warm and requests are served
     * @param warmUpService serves the calls marked with {@link #WARM_UP_KEY} and {@code warmUpToken}
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalStateException when the config asks for no gRPC port
     */
    public static GrpcServer start(ServerConfig config, InferenceService service, ServerMetrics metrics,
                                   RequestLog log, LongSupplier nanoClock, String version, BooleanSupplier ready,
                                   InferenceService warmUpService, String warmUpToken) {
        int port = config.grpcPort().orElseThrow(() -> new IllegalStateException("the config has no gRPC port"));
        AtomicInteger count = new AtomicInteger();
        ExecutorService calls = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                work -> {
                    Thread thread = new Thread(work, "mdi-grpc-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        InetSocketAddress address = new InetSocketAddress(config.host(), port);
        // with TLS only TLS: a plain-text client's connection fails its handshake
        NettyServerBuilder builder = config.access().tls().isPresent()
                ? NettyServerBuilder.forAddress(address, TlsServerCredentials.newBuilder()
                        .keyManager(config.access().tls().get().keyManagers()).build())
                : NettyServerBuilder.forAddress(address);
        List<ServerInterceptor> interceptors = new ArrayList<>();
        interceptors.add(new WarmUpMark(warmUpToken));
        // the last runs first: a call without its token is refused before anything else sees it
        config.access().tokens().ifPresent(tokens -> interceptors.add(new GrpcAccess(tokens, metrics)));
        Server server = builder
                .executor(calls)
                .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, config.maxBodyBytes()))
                .addService(ServerInterceptors.intercept(new OipGrpcService(service,
                        new GrpcRequests(new InputTensors(config.maxTensorElements())), metrics, log, nanoClock,
                        config.requestTimeout(), version, ready, warmUpService), interceptors))
                .build();
        try {
            server.start();
            return new GrpcServer(server, calls);
        } catch (IOException e) {
            calls.shutdownNow();
            throw new UncheckedIOException("cannot serve gRPC on " + config.host() + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** The port bound: the configured one, or the free one picked for 0. */
    public int port() {
        return server.getPort();
    }

    /** Takes no new calls; those in flight go on. */
    public void shutdown() {
        server.shutdown();
    }

    /**
     * Takes no new calls, waits a moment for those in flight, then ends them; at once when the waiting thread is
     * interrupted (its interrupt kept).
     */
    @Override
    public void close() {
        try {
            server.shutdown();
            if (!server.awaitTermination(GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            calls.shutdownNow();
        }
    }
}
