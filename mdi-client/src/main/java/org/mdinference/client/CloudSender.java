package org.mdinference.client;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.mdinference.core.LinkEstimator;
import org.mdinference.protocol.InferRequestBody;
import org.mdinference.protocol.OipNames;

/**
 * The cloud side of every request: tells the server what the network costs, as the {@link LinkEstimator} sees it,
 * sends the request without blocking, and learns from each reply.
 *
 * <p>The transport is OkHttp, configured for deadlines: no retry on a failed connection (a retry cannot beat the
 * deadline, and the device's answer is there anyway), a dispatcher of its own that never queues a call behind
 * others to the same host, and pooled connections kept warm between requests. A call is not cancelled when its
 * request is answered by the device: its late reply still teaches the estimator what the network costs (cancelling
 * would also close the connection, making the next request pay a new handshake). Only {@value #MAX_LATE_CALLS} such
 * late calls go on at once, each for at most the request's SLA plus a grace; others are cancelled at the deadline.
 */
final class CloudSender implements AutoCloseable {

    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
    /** Calls in flight at most: beyond, OkHttp queues them, and the queueing would count as network time. */
    private static final int MAX_CALLS = 256;
    /** Calls kept past their request's deadline at most: a few late replies teach the estimate what many would. */
    static final int MAX_LATE_CALLS = 4;
    /** How long a warm-up waits for the server: as long as OkHttp's default connect timeout. */
    private static final long WARM_UP_TIMEOUT_MS = 10_000;
    /**
     * Points of the returns' spread sent with each request: a few tell the server the tails at one-sixteenth steps
     * for about 50 bytes, and on a slow uplink every byte of a request costs time.
     */
    private static final int RETURN_POINTS = 8;
    /** How long skipped calls wait for a reply before one goes out to measure the link again. */
    static final double PROBE_AFTER_MS = 1000;
    /** How many calls are skipped at most before one goes out to measure the link again. */
    static final int PROBE_AFTER_SKIPS = 16;

    private final OkHttpClient http;
    private final ExecutorService threads;
    private final boolean ownsConnections;
    private final HttpUrl inferUrl;
    private final HttpUrl readyUrl;
    private final LongSupplier clock;
    private final double lateReplyGraceMs;
    private final double deviceAccuracy;
    private final AtomicReference<LinkEstimator> link = new AtomicReference<>(LinkEstimator.fresh());
    /** A request's bytes beyond its payload (request line, headers, JSON header), as the last reply measured. */
    private final AtomicLong overheadBytes = new AtomicLong();
    private final AtomicInteger lateCalls = new AtomicInteger();
    /** When the last probe went out, on the link's clock, and the calls skipped since ({@link #probes}). */
    private final AtomicReference<Double> lastProbeMs = new AtomicReference<>(Double.NEGATIVE_INFINITY);
    private final AtomicInteger skippedSinceProbe = new AtomicInteger();

    /**
     * @param base           an app's own client, whose connection pool, TLS settings and interceptors are kept;
     *                       empty for a new one
     * @param access         the CAs trusted and the bearer token sent, if any
     * @param readyUrl       the server's readiness probe, which a warm-up asks
     * @param clock          the client's clock, ns: the link estimate's time
     * @param deviceAccuracy the device model's top-1, sent as {@code min_accuracy}; NaN sends none
     * @throws IllegalArgumentException when {@code deviceAccuracy} is neither NaN nor in [0, 1]: refused here, once,
     *     and not by the protocol's check of every request
     */
    CloudSender(Optional<OkHttpClient> base, CloudAccess access, HttpUrl inferUrl, HttpUrl readyUrl,
                LongSupplier clock, double lateReplyGraceMs, double deviceAccuracy) {
        if (!Double.isNaN(deviceAccuracy) && !(deviceAccuracy >= 0 && deviceAccuracy <= 1)) {
            throw new IllegalArgumentException("the device model's accuracy is a top-1 in [0, 1], or NaN when"
                    + " unknown; got " + deviceAccuracy);
        }
        // as OkHttp's own: the dispatcher bounds the calls; a pool bounded too would reject a call whose thread is
        // on its way back from the previous one
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<Runnable>(), new DaemonThreads("mdi-cloud"));
        Dispatcher dispatcher = new Dispatcher(threads);
        dispatcher.setMaxRequests(MAX_CALLS);
        dispatcher.setMaxRequestsPerHost(MAX_CALLS);
        this.ownsConnections = !base.isPresent();
        this.http = access.apply(base.isPresent() ? base.get().newBuilder() : new OkHttpClient.Builder())
                .dispatcher(dispatcher)
                .retryOnConnectionFailure(false)
                .addNetworkInterceptor(new WireBytes())
                .build();
        this.inferUrl = inferUrl;
        this.readyUrl = readyUrl;
        this.clock = clock;
        this.lateReplyGraceMs = lateReplyGraceMs;
        this.deviceAccuracy = deviceAccuracy;
    }

    /** The link's estimate now. */
    LinkEstimate link() {
        return LinkEstimate.of(link.get(), linkClockMs());
    }

    /**
     * Does once what the first cloud call would pay for: opens a pooled connection to the server with a
     * {@code GET} of its readiness probe, through the very client, dispatcher and interceptors the calls use, and
     * loads the request encoder's and the reply parser's classes. The probe teaches the link estimate nothing: its
     * reply does not say how long the server held it, and a first connection's round trip is not the network's.
     *
     * @return completes when the server answered that it is ready; fails with an {@link IOException} when it is
     *     unreachable or not ready
     */
    CompletableFuture<Void> warmUp() {
        ZooRequests.encode(ClientInput.tensor(new float[1], 1), 1, 0, 0, new double[0], Optional.<String>empty(),
                Double.NaN);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Call probe = http.newCall(new Request.Builder().url(readyUrl).get().build());
        probe.timeout().timeout(WARM_UP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        probe.enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                ready.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (ResponseBody body = response.body()) {
                    // read as a reply is, to load the reader's and the parser's classes
                    String said = InferReply.error(CloudCall.read(body));
                    if (response.isSuccessful()) {
                        ready.complete(null);
                    } else {
                        ready.completeExceptionally(new IOException("the server at " + readyUrl + " is not ready:"
                                + " HTTP " + response.code() + ": " + said));
                    }
                } catch (IOException e) {
                    ready.completeExceptionally(e);
                }
            }
        });
        return ready;
    }

    /**
     * Sends the request's cloud call, or tells the race it is skipped when even the link's best round trip leaves
     * no time.
     *
     * <p>Only the round trip decides a skip, not the throughput: the round trip is the least network time seen, so
     * a skip is certain to lose nothing, while a throughput estimate can be pessimistic after one slow reply, and a
     * device that stopped asking would never learn that the link recovered. When the estimate leaves no time but the
     * round trip does, the call goes out and the server answers at once that no model fits; that reply teaches the
     * estimator too.
     *
     * <p>The device tells the server {@code elapsed_ms}: its own time since the request started plus the estimated
     * upload, and {@code return_ms}: the estimated return. While the estimator knows nothing it tells its own time
     * and a return of 0: the server then picks as if the network were free, and the reply teaches the estimator.
     *
     * @return the call in flight; empty when skipped
     */
    Optional<CloudCall> send(ClientInput input, double slaMs, RequestOptions options, Race race, Transfer transfer) {
        double spentMs = race.now();
        double nowMs = linkClockMs();
        LinkEstimator estimate = link.get();
        int payload = ZooRequests.payloadBytes(input);
        boolean knows = estimate.knows(nowMs);
        double elapsedMs = spentMs;
        double returnMs = 0;
        double[] returnsMs = new double[0];
        if (knows) {
            elapsedMs += estimate.uploadMs(nowMs, payload + overheadBytes.get());
            returnMs = estimate.returnMs(nowMs);
            returnsMs = returnsTold(estimate, nowMs);
        }
        // to the microsecond: shorter numbers on the wire, and the values told are exactly the values sent
        elapsedMs = Math.round(elapsedMs * 1e3) / 1e3;
        returnMs = Math.round(returnMs * 1e3) / 1e3;
        race.told(elapsedMs, returnMs);
        double bestRoundTripMs = knows ? estimate.rttMs(nowMs) : Double.NaN;
        if (knows && spentMs + bestRoundTripMs >= slaMs && !probes(estimate, nowMs)) {
            race.cloudFailed(race.now(), CloudOutcome.Status.SKIPPED, String.format(Locale.ROOT, "the link's round"
                    + " trip alone takes %.1f ms at best, which leaves nothing of the %.1f ms SLA after the device's"
                    + " own %.1f ms", bestRoundTripMs, slaMs, spentMs));
            return Optional.empty();
        }
        InferRequestBody body = ZooRequests.encode(input, slaMs, elapsedMs, returnMs, returnsMs, options.policy(),
                deviceAccuracy);
        Request request = new Request.Builder().url(inferUrl)
                .header(OipNames.INFERENCE_HEADER_CONTENT_LENGTH, Integer.toString(body.jsonLength().getAsInt()))
                .post(RequestBody.create(body.bytes(), OCTET_STREAM))
                .tag(Transfer.class, transfer)
                .build();
        Call call = http.newCall(request);
        call.timeout().timeout(Math.round((slaMs + lateReplyGraceMs) * 1e6), TimeUnit.NANOSECONDS);
        CloudCall inFlight = new CloudCall(call, race, transfer, payload, this, race.now(),
                knows ? elapsedMs : Double.NaN);
        call.enqueue(inFlight);
        return Optional.of(inFlight);
    }

    /**
     * Whether a call the round trip would skip goes out all the same, to measure the link again: the round trip is
     * the least of the trips seen, and a link heard from a few times at a bad moment would otherwise keep the device
     * from asking, and so from learning better, for the whole window. One such call goes out after
     * {@value #PROBE_AFTER_MS} ms without a reply or another probe, or after {@value #PROBE_AFTER_SKIPS} calls
     * skipped since the last probe, whichever comes first: an app asking often learns as fast as it would lose.
     */
    private boolean probes(LinkEstimator estimate, double nowMs) {
        Double lastProbe = lastProbeMs.get();
        boolean due = skippedSinceProbe.incrementAndGet() >= PROBE_AFTER_SKIPS
                || nowMs - Math.max(estimate.lastHeardMs(), lastProbe) >= PROBE_AFTER_MS;
        // of several requests at once, one probes
        if (due && lastProbeMs.compareAndSet(lastProbe, nowMs)) {
            skippedSinceProbe.set(0);
            return true;
        }
        return false;
    }

    /**
     * The returns' spread a request tells the server ({@code return_quantiles_ms}): {@value #RETURN_POINTS}
     * quantiles to a tenth of a ms, as a return trip varies by more; none while the estimator has too few returns.
     */
    static double[] returnsTold(LinkEstimator estimate, double nowMs) {
        double[] returnsMs = estimate.returnSpread(nowMs, RETURN_POINTS).timesMs();
        for (int i = 0; i < returnsMs.length; i++) {
            returnsMs[i] = Math.round(returnsMs[i] * 10) / 10.0;
        }
        return returnsMs;
    }

    /** Whether one more call may go on past its deadline; if so, it counts until {@link #lateCallEnded}. */
    boolean keepLateCall() {
        if (lateCalls.incrementAndGet() <= MAX_LATE_CALLS) {
            return true;
        }
        lateCalls.decrementAndGet();
        return false;
    }

    void lateCallEnded() {
        lateCalls.decrementAndGet();
    }

    /**
     * Learns from a reply that says how long the server held the request: the rest of the round trip was network,
     * and what came after the server was told the request's elapsed time and what it spent was the return
     * ({@link LinkEstimator}). A reply without {@code server_ms} (one from a plain OIP server such as Triton) cannot
     * tell the two apart and teaches nothing.
     *
     * @param afterToldMs the reply's arrival less the {@code elapsed_ms} told; NaN when no upload was predicted
     */
    void learn(InferReply reply, double roundTripMs, double afterToldMs, Transfer transfer, int payloadBytes) {
        if (!reply.serverMs().isPresent()) {
            return;
        }
        double serverMs = reply.serverMs().getAsDouble();
        double networkMs = Math.max(0, roundTripMs - serverMs);
        double returnMs = afterToldMs - serverMs;
        double atMs = linkClockMs();
        long sent = transfer.sent();
        long received = transfer.received();
        link.updateAndGet(known -> known.observe(atMs, sent, received, networkMs, returnMs));
        overheadBytes.set(Math.max(0, sent - payloadBytes));
    }

    /** The estimator's clock: the client's, in ms. */
    private double linkClockMs() {
        return clock.getAsLong() / 1e6;
    }

    /** Cancels the calls in flight and lets the threads go; an app's own connection pool is left as it is. */
    @Override
    public void close() {
        http.dispatcher().cancelAll();
        threads.shutdown();
        if (ownsConnections) {
            http.connectionPool().evictAll();
        }
    }
}
