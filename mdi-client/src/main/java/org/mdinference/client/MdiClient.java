package org.mdinference.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.io.InputStream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.mdinference.core.ConfidenceGate;
import org.mdinference.core.GateTable;
import org.mdinference.protocol.BearerTokens;
import org.mdinference.protocol.TrustedCertificates;

/**
 * The device side of MDInference: every request runs the device's own model and asks the cloud's zoo at the same
 * time, and its answer is the cloud's when that arrives by the deadline (the request's start plus its SLA), the
 * device's otherwise, so the latency is bounded by the SLA whatever the network or the server does: down, slow,
 * refusing or answering garbage (core's {@link org.mdinference.core.DeadlineRule}; details in {@link #classify}).
 *
 * <pre>{@code
 * MdiClient client = MdiClient.builder()
 *         .baseUrl("http://10.0.2.2:8080")
 *         .zoo("fashion")
 *         .deviceModel(myModel)
 *         .build();
 * client.warmUp();   // optional: connects and runs the device model once, so the first request is not late
 * client.classify(ClientInput.image(png), 100).thenAccept(answer -> show(answer.label()));
 * }</pre>
 *
 * <p>Thread-safe: one client serves any number of concurrent requests; share one per app and server, since it holds
 * threads and pooled connections. A request's future completes on one of the client's threads (the deadline
 * timer's, a device thread, or OkHttp's): attach slow work with the {@code ...Async} stages and an executor of the
 * app's own, or it delays the answers of other requests. {@link #close} fails the requests still open and stops the
 * threads it made; it does not close the device model, nor executors given to the builder, which the app owns.
 *
 * <p>Time is the builder's {@linkplain Builder#clock clock}, and deadlines run on its
 * {@linkplain Builder#deadlineScheduler scheduler}: a test that gives both can step a request's deadline exactly.
 */
public final class MdiClient implements AutoCloseable {

    private static final int DEFAULT_DEVICE_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    private final DeviceModel device;
    private final LongSupplier clock;
    private final Executor deviceThreads;
    private final ScheduledExecutorService deadlines;
    /** The executors this client made, and so shuts down; not those given to the builder. */
    private final List<ExecutorService> own = new ArrayList<>();
    private final CloudSender cloud;
    private final Optional<GateThresholds> gates;
    private final Set<Race> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private MdiClient(Builder builder, HttpUrl inferUrl, HttpUrl readyUrl) {
        this.device = builder.deviceModel;
        this.clock = builder.clock;
        this.deviceThreads = builder.deviceExecutor.orElseGet(() -> owned(Executors.newFixedThreadPool(
                builder.deviceThreads.orElse(DEFAULT_DEVICE_THREADS), new DaemonThreads("mdi-device"))));
        this.deadlines = builder.deadlineScheduler.orElseGet(() -> owned(deadlineTimer()));
        this.cloud = new CloudSender(builder.okHttp, new CloudAccess(builder.trusted, builder.token), inferUrl,
                readyUrl, clock, builder.lateReplyGraceMs, device.accuracy());
        this.gates = device.gateThresholds();
        Race.rehearse();
    }

    private <E extends ExecutorService> E owned(E executor) {
        own.add(executor);
        return executor;
    }

    private static ScheduledExecutorService deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, new DaemonThreads("mdi-deadline"));
        // answered requests take their timers out at once, instead of leaving them queued until their deadline
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Does now what the first request would otherwise pay for, so that it is not late: opens a pooled connection to
     * the server (a {@code GET /v2/health/ready} through the client's own OkHttp client), loads the request encoder
     * and the reply parser, and runs the device model once ({@link DeviceModel#warmUp}, on a device thread).
     * A fresh process's first request otherwise pays tens to hundreds of ms for them (docs/android.md). Call it once
     * after {@link Builder#build}; it does not block, and requests may be made before it completes (they then pay
     * for whatever is not warm yet). The client works whether or not it succeeds.
     *
     * @return completes when the server said it is ready and the device model has run; fails with the server's
     *     {@link java.io.IOException} (unreachable, not ready, no reply within 10 s) or the device model's failure
     * @throws IllegalStateException when the client is closed
     */
    public CompletableFuture<Void> warmUp() {
        if (closed.get()) {
            throw new IllegalStateException("the client is closed");
        }
        CompletableFuture<Void> deviceRun = new CompletableFuture<>();
        try {
            deviceThreads.execute(() -> warmUpDevice(deviceRun));
        } catch (RejectedExecutionException e) {
            deviceRun.completeExceptionally(e);
        }
        return CompletableFuture.allOf(cloud.warmUp(), deviceRun);
    }

    private void warmUpDevice(CompletableFuture<Void> done) {
        try {
            device.warmUp();
        } catch (Exception e) {
            done.completeExceptionally(e);
            return;
        } catch (Error e) {
            // the warm-up must still end (with this failure) before the error goes on
            done.completeExceptionally(e);
            throw e;
        }
        done.complete(null);
    }

    /** {@link #classify(ClientInput, double, RequestOptions)} with the server's default policy. */
    public CompletableFuture<Classification> classify(ClientInput input, double slaMs) {
        return classify(input, slaMs, RequestOptions.DEFAULT);
    }

    /**
     * Classifies one input within an end-to-end latency target.
     *
     * <p>At once, the device model starts on a device thread, the cloud call is sent without blocking (parameters
     * {@code sla_ms}, {@code elapsed_ms} and {@code return_ms} from the link's estimate, see {@link #link()}; not sent
     * when even the link's best round trip leaves no time: {@link CloudOutcome.Status#SKIPPED}), and a timer is set
     * for the deadline. The future
     * then completes with
     * <ul>
     *   <li>the cloud's answer, as soon as it arrives, if by the deadline;</li>
     *   <li>the device's answer at the deadline, when the cloud's has not arrived (the call goes on in the
     *       background, bounded, so that its reply still teaches the link estimate; see
     *       {@link Builder#lateReplyGraceMs});</li>
     *   <li>the device's answer as soon as it is ready, once the cloud can no longer answer: no model fits, the
     *       connection failed, an HTTP error, a reply that is no answer;</li>
     *   <li>whichever answer comes first, when the device model itself is slower than the SLA;</li>
     *   <li>a {@link NoAnswerException} at the deadline when the device model failed and the cloud has not
     *       answered.</li>
     * </ul>
     * Cancelling the future gives the request up. When the device executor given to the builder refuses the work,
     * the request has only the cloud's answer.
     *
     * <p>With the device's confidence gate on ({@link RequestOptions#withGateMaxLoss},
     * {@link RequestOptions#withGateOffloadShare}) the device model runs first: when its top softmax probability is
     * above the {@linkplain #gateThreshold threshold}, its answer is returned at once and nothing is sent
     * ({@link CloudOutcome.Status#GATED}); otherwise the cloud call is sent from the device thread, once the model
     * has run, and the request goes on as above, with the same deadline.
     *
     * @param slaMs the end-to-end latency target, ms from this call
     * @throws IllegalArgumentException when the SLA is not a positive number of ms, or the options turn the gate on
     *     and the device model has no calibration that meets their target (see {@link #gateThreshold})
     * @throws IllegalStateException when the client is closed
     * @throws RejectedExecutionException when the deadline scheduler given to the builder refuses the deadline
     */
    public CompletableFuture<Classification> classify(ClientInput input, double slaMs, RequestOptions options) {
        long startNanos = clock.getAsLong();
        if (!(slaMs > 0) || Double.isInfinite(slaMs)) {
            throw new IllegalArgumentException("the SLA must be a positive number of ms, got " + slaMs);
        }
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(options, "options");
        Optional<ConfidenceGate> gate = gate(options);
        if (closed.get()) {
            throw new IllegalStateException("the client is closed");
        }
        Transfer transfer = new Transfer();
        final Race race = new Race(clock, startNanos, slaMs, transfer);
        final ScheduledFuture<?> deadline = deadlines.schedule(() -> race.deadline(race.now()),
                startNanos + Math.round(slaMs * 1e6) - clock.getAsLong(), TimeUnit.NANOSECONDS);
        open.add(race);
        final PendingCall call = new PendingCall();
        race.answer().whenComplete((answer, failure) -> {
            open.remove(race);
            deadline.cancel(false);
            call.answered();
        });
        Runnable send = () -> call.sent(cloud.send(input, slaMs, options, race, transfer));
        if (gate.isPresent()) {
            try {
                deviceThreads.execute(() -> runGated(input, race, gate.get(), send));
            } catch (RejectedExecutionException e) {
                race.deviceFailed(race.now(), e);
                send.run();
            }
            return race.answer();
        }
        try {
            deviceThreads.execute(() -> runDevice(input, race));
        } catch (RejectedExecutionException e) {
            race.deviceFailed(race.now(), e);
        }
        send.run();
        return race.answer();
    }

    /**
     * The confidence threshold a request with these options is gated at: above it, the device answers alone and
     * nothing is sent. From the device model's {@linkplain DeviceModel#gateThresholds calibration}: for an accuracy
     * loss allowed, the threshold of the largest loss not above it; for a share sent to the cloud, the least lossy
     * threshold that sent no larger share.
     *
     * @return empty when the options leave the gate off
     * @throws IllegalArgumentException when the gate is on but the device model has no calibration, or none of its
     *     rows meets the target
     */
    public OptionalDouble gateThreshold(RequestOptions options) {
        Optional<ConfidenceGate> gate = gate(options);
        return gate.isPresent() ? OptionalDouble.of(gate.get().threshold()) : OptionalDouble.empty();
    }

    private Optional<ConfidenceGate> gate(RequestOptions options) {
        if (!options.gated()) {
            return Optional.empty();
        }
        if (!gates.isPresent()) {
            throw new IllegalArgumentException("the confidence gate needs the device model's calibration, and "
                    + device.name() + " has none: write it into its zoo's manifest with mdi zoo calibrate (docs/zoo.md)"
                    + " and load the model from there, or give its thresholds (DeviceModel.gateThresholds)");
        }
        GateTable table = gates.get().table();
        GateTable.Row row = options.gateMaxLoss().isPresent() ? table.forMaxLoss(options.gateMaxLoss().getAsDouble())
                : table.forOffloadShare(options.gateOffloadShare().getAsDouble());
        return Optional.of(row.gate());
    }

    /**
     * The device model first; its answer stands alone when it is confident enough, else the cloud is asked, the
     * device's time so far counted in what the server is told ({@code elapsed_ms}), and the race runs as without the
     * gate. When the device model fails the cloud is asked all the same: it is the only answer left.
     */
    private void runGated(ClientInput input, Race race, ConfidenceGate gate, Runnable send) {
        Prediction prediction;
        try {
            prediction = Prediction.of(device.logits(input));
        } catch (Exception e) {
            race.deviceFailed(race.now(), e);
            sendUnlessAnswered(race, send);
            return;
        } catch (Error e) {
            race.deviceFailed(race.now(), e);
            sendUnlessAnswered(race, send);
            throw e;
        }
        if (gate.answersOnDevice(prediction.confidence())) {
            race.gated(race.now(), prediction, gate.threshold());
            return;
        }
        race.deviceAnswered(race.now(), prediction);
        sendUnlessAnswered(race, send);
    }

    /** Sends the cloud call, on the device thread, unless the request was answered meanwhile (its deadline passed). */
    private static void sendUnlessAnswered(Race race, Runnable send) {
        if (race.answer().isDone()) {
            return;
        }
        try {
            send.run();
        } catch (RuntimeException e) {
            // on a device thread nobody would see it: the request must learn that the cloud will not answer
            race.cloudFailed(race.now(), CloudOutcome.Status.FAILED, "sending: " + e);
        }
    }

    private void runDevice(ClientInput input, Race race) {
        Prediction prediction;
        try {
            prediction = Prediction.of(device.logits(input));
        } catch (Exception e) {
            race.deviceFailed(race.now(), e);
            return;
        } catch (Error e) {
            // the request must still be answered (by the cloud, or with this failure) before the error goes on
            race.deviceFailed(race.now(), e);
            throw e;
        }
        race.deviceAnswered(race.now(), prediction);
    }

    /** What the client knows of its link to the server now: round-trip time, throughput, reply size. */
    public LinkEstimate link() {
        return cloud.link();
    }

    /**
     * Fails the requests still open with a {@link NoAnswerException}, cancels their cloud calls and stops the
     * threads the client made (not the executors given to its builder). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Race race : open) {
            race.abandon("the client was closed before the request was answered");
        }
        cloud.close();
        for (ExecutorService executor : own) {
            executor.shutdownNow();
        }
    }

    /** Builds an {@link MdiClient}; {@link #build()} checks every value and names the first wrong one. */
    public static final class Builder {

        /** How long a cloud call may go on after its request's deadline, for its reply to teach the estimate. */
        public static final double DEFAULT_LATE_REPLY_GRACE_MS = 2000;

        private String baseUrl;
        private String zoo;
        private DeviceModel deviceModel;
        private Optional<OkHttpClient> okHttp = Optional.empty();
        private OptionalInt deviceThreads = OptionalInt.empty();
        private Optional<Executor> deviceExecutor = Optional.empty();
        private Optional<ScheduledExecutorService> deadlineScheduler = Optional.empty();
        private LongSupplier clock = System::nanoTime;
        private double lateReplyGraceMs = DEFAULT_LATE_REPLY_GRACE_MS;
        private Optional<TrustedCertificates> trusted = Optional.empty();
        private Optional<String> token = Optional.empty();

        private Builder() {
        }

        /** The server's base URL, such as {@code http://10.0.2.2:8080} (required). */
        public Builder baseUrl(String url) {
            baseUrl = url;
            return this;
        }

        /** The zoo's name on the server, the virtual model that picks a member per request (required). */
        public Builder zoo(String name) {
            zoo = name;
            return this;
        }

        /** The model the device runs beside every cloud request (required). */
        public Builder deviceModel(DeviceModel model) {
            deviceModel = model;
            return this;
        }

        /**
         * An app's own OkHttp client, to share its connection pool and TLS settings. The SDK derives its own from
         * it (a dispatcher of its own, no retries, a network interceptor counting bytes); the app's stays as it is.
         */
        public Builder okHttpClient(OkHttpClient client) {
            okHttp = Optional.of(Objects.requireNonNull(client, "client"));
            return this;
        }

        /**
         * Trusts the CA certificates of this PEM text ({@code -----BEGIN CERTIFICATE-----}, one or more), instead of
         * the platform's, for an {@code https} base URL: a server whose certificate one of them signed, for the host
         * name of the URL, is trusted. Read now; the stream is not closed. An app reads it from its resources (on
         * Android, {@code getResources().openRawResource(R.raw.ca)}). When the server is not trusted, every request
         * is answered by the device, as when the cloud is unreachable.
         *
         * @throws IllegalArgumentException when the text holds no certificate
         */
        public Builder trustedCertificates(InputStream pem) {
            trusted = Optional.of(TrustedCertificates.read(Objects.requireNonNull(pem, "pem"),
                    "the PEM given to trustedCertificates"));
            return this;
        }

        /**
         * Sends this bearer token with every request ({@code Authorization: Bearer TOKEN}), for a server that asks
         * for one ({@code mdi serve --auth-token-file}). Without it, such a server answers 401, and the device
         * answers every request.
         *
         * @throws IllegalArgumentException when the token is empty or holds a character a token may not
         */
        public Builder bearerToken(String token) {
            this.token = Optional.of(BearerTokens.check(Objects.requireNonNull(token, "token")));
            return this;
        }

        /**
         * Device inferences that run at once, on threads the client makes (default: half the cores, at least one);
         * more wait their turn. Not with {@link #deviceExecutor}.
         */
        public Builder deviceThreads(int threads) {
            deviceThreads = OptionalInt.of(threads);
            return this;
        }

        /**
         * Where the device model runs, instead of threads the client makes: an app's own pool, or a test's
         * {@code Runnable::run}. The app owns it: closing the client does not shut it down. The model is called on
         * it once per request, possibly several at once.
         */
        public Builder deviceExecutor(Executor executor) {
            deviceExecutor = Optional.of(Objects.requireNonNull(executor, "executor"));
            return this;
        }

        /**
         * Where request deadlines run, instead of a timer thread the client makes; each is scheduled with its delay
         * on the {@linkplain #clock clock}. The app owns it: closing the client does not shut it down. A deadline's
         * task only decides the answer, so any scheduler that runs it on time will do.
         */
        public Builder deadlineScheduler(ScheduledExecutorService scheduler) {
            deadlineScheduler = Optional.of(Objects.requireNonNull(scheduler, "scheduler"));
            return this;
        }

        /**
         * The clock that times requests (their latency, their deadline's delay) and the link estimate, in ns, only
         * ever compared with itself (default {@code System::nanoTime}). A test steps it with a scheduler of its
         * own; an app has no reason to change it.
         */
        public Builder clock(LongSupplier nanoTime) {
            clock = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /**
         * How long a cloud call may go on after its request's deadline, so that a late reply still teaches the link
         * estimate (default {@value #DEFAULT_LATE_REPLY_GRACE_MS} ms); past it, the call is cancelled. Only a few
         * calls go on late at once; the others are cancelled at their deadline.
         */
        public Builder lateReplyGraceMs(double ms) {
            lateReplyGraceMs = ms;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first value missing or wrong
         */
        public MdiClient build() {
            if (baseUrl == null) {
                throw new IllegalArgumentException("the server's base URL is required, such as http://localhost:8080");
            }
            HttpUrl base = HttpUrl.parse(baseUrl);
            if (base == null) {
                throw new IllegalArgumentException("the server's base URL must be an http or https URL such as"
                        + " http://localhost:8080, got '" + baseUrl + "'");
            }
            if (zoo == null || zoo.trim().isEmpty()) {
                throw new IllegalArgumentException("the zoo's name is required: the virtual model the server serves"
                        + " its zoo as, such as fashion");
            }
            if (deviceModel == null) {
                throw new IllegalArgumentException("a device model is required: it answers when the cloud cannot");
            }
            if (deviceThreads.isPresent() && deviceThreads.getAsInt() < 1) {
                throw new IllegalArgumentException("device threads must be at least 1, got "
                        + deviceThreads.getAsInt());
            }
            if (deviceThreads.isPresent() && deviceExecutor.isPresent()) {
                throw new IllegalArgumentException("give device threads or a device executor, not both: the"
                        + " threads are the client's own executor's");
            }
            if (!(lateReplyGraceMs >= 0) || Double.isInfinite(lateReplyGraceMs)) {
                throw new IllegalArgumentException("the late-reply grace must be a non-negative number of ms, got "
                        + lateReplyGraceMs);
            }
            HttpUrl infer = base.newBuilder().addPathSegments("v2/models").addPathSegment(zoo)
                    .addPathSegment("infer").build();
            HttpUrl ready = base.newBuilder().addPathSegments("v2/health/ready").build();
            return new MdiClient(this, infer, ready);
        }
    }
}
