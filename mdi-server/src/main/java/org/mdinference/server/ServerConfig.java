package org.mdinference.server;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import org.mdinference.core.BatchCosts;
import org.mdinference.core.MDInferencePolicy;
import org.mdinference.protocol.PolicyNames;
import org.mdinference.server.access.ServerAccess;
import org.mdinference.server.scheduling.BatchingSettings;

/**
 * How a server runs, immutable and checked when built: where it listens (HTTP, and gRPC if asked), the largest body
 * or message it reads and tensor it takes, each model's queue and batcher, ONNX Runtime's threads, the zoo's default
 * policy, how long a request may take in all, whether requests are logged, and whether it warms up. {@link
 * #builder()} starts from the defaults; {@link #toBuilder()} derives variants.
 *
 * @param host             the address to bind; {@code 0.0.0.0} for every interface
 * @param port             the port; 0 for any free one ({@link MdiServer#start()} returns the one bound)
 * @param grpcPort         the port of the protocol's gRPC API, on the same address; 0 for any free one ({@link
 *                         MdiServer#grpcPort()} says which); empty (the default) for none: a server a library
 *                         builds opens one port unless it asks for two
 * @param maxBodyBytes     a larger request body is answered 413, a larger gRPC message RESOURCE_EXHAUSTED
 * @param maxTensorElements the most elements one input's shape may declare (FP32 values, or BYTES elements such as
 *                         images), checked before its data are read; more is answered 400
 * @param queueCapacity    items each model's queue holds before requests are answered 503
 * @param maxBatch         items per batch; 1 turns dynamic batching off. Also the most items one zoo request may
 *                         hold: a member is chosen only if it takes all of them in one batch
 * @param maxBatchTime     a model's batches are kept to the size its profile says runs within this time (a
 *                         batch of one always runs): a batch that outlasts the requests' budgets makes every
 *                         request in it late, and on a CPU a large batch of a large model is no faster per item
 * @param maxQueueDelay    how long a batch waits after its first item for more to join; 0 (the default) runs at
 *                         once what is queued, so that batches form from the requests that arrive while the
 *                         previous batch runs and a lone request pays no delay
 * @param workersPerModel  batches of one model that run at once
 * @param intraOpThreads   ONNX Runtime threads inside one inference
 * @param policy           the zoo's selection policy unless a request names another
 * @param gamma            MDInference's margin, in standard deviations of the expected finish time
 * @param seed             seeds the random policy
 * @param requestTimeout   a request not answered by then is answered 504
 * @param requestLog       whether each request is logged as a JSON line on standard error
 * @param warmUp           whether the server warms up before it reports ready ({@link MdiServer#start()}); without
 *                         it, it is ready at once and its first requests pay for cold models and code, which suits
 *                         tests of anything but latency
 * @param access           TLS and bearer tokens; {@link ServerAccess#OPEN} (the default) for neither
 */
public record ServerConfig(String host, int port, OptionalInt grpcPort, long maxBodyBytes, int maxTensorElements,
                           int queueCapacity,
                           int maxBatch, Duration maxBatchTime, Duration maxQueueDelay, int workersPerModel,
                           int intraOpThreads, String policy, double gamma, long seed, Duration requestTimeout,
                           boolean requestLog, boolean warmUp, ServerAccess access) {

    public static final int DEFAULT_PORT = 8080;
    /** The gRPC port {@code mdi serve} opens unless told otherwise; a {@link #builder()} opens none. */
    public static final int DEFAULT_GRPC_PORT = 8081;
    public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;
    /**
     * 32 MB of FP32 values: a batch of 32 ImageNet-sized images (3x224x224) fits, and JSON's densest numbers ("0,")
     * in the largest default body make no more than this.
     */
    public static final int DEFAULT_MAX_TENSOR_ELEMENTS = 1 << 23;
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;
    public static final int DEFAULT_MAX_BATCH = 32;
    public static final Duration DEFAULT_MAX_QUEUE_DELAY = Duration.ZERO;
    public static final Duration DEFAULT_MAX_BATCH_TIME = Duration.ofMillis(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The zoo's policy unless a request names another: expected-accuracy, as accurate as the paper's rule or more on
     * every network measured, in the simulator and in {@code mdi demo} (README, "Which policy").
     */
    public static final String DEFAULT_POLICY = "expected-accuracy";

    /**
     * Twice the simulator's (and the paper's) one deviation: a server's finish times spread wider than a profile says
     * (a queue ahead, other models' batches on the same cores), and a late answer is worthless, since the device's
     * serves. Measured in docs/performance.md: at twice the most accurate member's capacity, 94.8 % of replies
     * within their budget with 1, 99.7 % with 2.
     */
    public static final double DEFAULT_GAMMA = 2 * MDInferencePolicy.DEFAULT_GAMMA;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(maxQueueDelay, "maxQueueDelay");
        Objects.requireNonNull(maxBatchTime, "maxBatchTime");
        if (maxBatchTime.isNegative() || maxBatchTime.isZero()) {
            throw new IllegalArgumentException("max batch time must be positive, got " + maxBatchTime);
        }
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0: any free port), got " + port);
        }
        Objects.requireNonNull(grpcPort, "grpcPort");
        if (grpcPort.isPresent() && (grpcPort.getAsInt() < 0 || grpcPort.getAsInt() > 65_535)) {
            throw new IllegalArgumentException("gRPC port must be in 0..65535 (0: any free port), got "
                    + grpcPort.getAsInt());
        }
        if (grpcPort.isPresent() && port != 0 && grpcPort.getAsInt() == port) {
            throw new IllegalArgumentException("the gRPC port must differ from the HTTP port " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max body size must be at least 1 byte, got " + maxBodyBytes);
        }
        if (maxTensorElements < 1) {
            throw new IllegalArgumentException("max tensor elements must be at least 1, got " + maxTensorElements);
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOpThreads);
        }
        PolicyNames.check(policy);
        if (!(gamma >= 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("gamma must be a non-negative number of deviations, got " + gamma);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive, got " + requestTimeout);
        }
        batching(maxBatch, maxQueueDelay, queueCapacity, workersPerModel);
        Objects.requireNonNull(access, "access");
    }

    /**
     * ONNX Runtime threads per inference by default: a quarter of the cores, at least one. Each model has its own
     * batcher, so under mixed load several models run at once and more would oversubscribe the machine.
     */
    public static int defaultIntraOpThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** One model's queue settings: the max batch cut to what its costs say runs within {@link #maxBatchTime}. */
    public BatchingSettings batching(BatchCosts costs) {
        return batching(costs.largestWithin(maxBatch, maxBatchTime.toNanos() / 1e6), maxQueueDelay, queueCapacity,
                workersPerModel);
    }

    private static BatchingSettings batching(int maxBatch, Duration maxQueueDelay, int queueCapacity, int workers) {
        return new BatchingSettings(maxBatch, maxQueueDelay, queueCapacity, workers);
    }

    /** Builds a {@link ServerConfig}; {@link #build()} checks every value and names the first wrong one. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private OptionalInt grpcPort = OptionalInt.empty();
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxTensorElements = DEFAULT_MAX_TENSOR_ELEMENTS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private Duration maxBatchTime = DEFAULT_MAX_BATCH_TIME;
        private Duration maxQueueDelay = DEFAULT_MAX_QUEUE_DELAY;
        private int workersPerModel = 1;
        private int intraOpThreads = defaultIntraOpThreads();
        private String policy = DEFAULT_POLICY;
        private double gamma = DEFAULT_GAMMA;
        private long seed = 1;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private boolean requestLog;
        private boolean warmUp = true;
        private ServerAccess access = ServerAccess.OPEN;

        private Builder() {
        }

        private Builder(ServerConfig c) {
            host = c.host;
            port = c.port;
            grpcPort = c.grpcPort;
            maxBodyBytes = c.maxBodyBytes;
            maxTensorElements = c.maxTensorElements;
            queueCapacity = c.queueCapacity;
            maxBatch = c.maxBatch;
            maxBatchTime = c.maxBatchTime;
            maxQueueDelay = c.maxQueueDelay;
            workersPerModel = c.workersPerModel;
            intraOpThreads = c.intraOpThreads;
            policy = c.policy;
            gamma = c.gamma;
            seed = c.seed;
            requestTimeout = c.requestTimeout;
            requestLog = c.requestLog;
            warmUp = c.warmUp;
            access = c.access;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        /** Serves the gRPC API on this port too; 0 for any free one. */
        public Builder grpcPort(int value) {
            grpcPort = OptionalInt.of(value);
            return this;
        }

        /** Serves no gRPC API: the default. */
        public Builder noGrpc() {
            grpcPort = OptionalInt.empty();
            return this;
        }

        public Builder maxBodyBytes(long value) {
            maxBodyBytes = value;
            return this;
        }

        public Builder maxTensorElements(int value) {
            maxTensorElements = value;
            return this;
        }

        public Builder queueCapacity(int value) {
            queueCapacity = value;
            return this;
        }

        public Builder maxBatch(int value) {
            maxBatch = value;
            return this;
        }

        public Builder maxBatchTime(Duration value) {
            maxBatchTime = value;
            return this;
        }

        public Builder maxQueueDelay(Duration value) {
            maxQueueDelay = value;
            return this;
        }

        public Builder workersPerModel(int value) {
            workersPerModel = value;
            return this;
        }

        public Builder intraOpThreads(int value) {
            intraOpThreads = value;
            return this;
        }

        public Builder policy(String value) {
            policy = value;
            return this;
        }

        public Builder gamma(double value) {
            gamma = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder requestLog(boolean value) {
            requestLog = value;
            return this;
        }

        public Builder warmUp(boolean value) {
            warmUp = value;
            return this;
        }

        /** TLS and bearer tokens (default {@link ServerAccess#OPEN}: neither). */
        public Builder access(ServerAccess value) {
            access = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first value out of range */
        public ServerConfig build() {
            return new ServerConfig(host, port, grpcPort, maxBodyBytes, maxTensorElements, queueCapacity, maxBatch,
                    maxBatchTime, maxQueueDelay, workersPerModel, intraOpThreads, policy, gamma, seed, requestTimeout,
                    requestLog, warmUp, access);
        }
    }
}
