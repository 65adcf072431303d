package org.mdinference.server.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.mdinference.core.BatchCosts;
import org.mdinference.onnx.ImagePreprocessor;
import org.mdinference.onnx.InputShape;
import org.mdinference.onnx.LatencyStats;
import org.mdinference.onnx.ModelEndpoint;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ProfileRow;
import org.mdinference.onnx.ZooProfile;
import org.mdinference.protocol.BearerTokens;
import org.mdinference.server.model.ServedModel;

/**
 * Connects a zoo's remote members: for each endpoint it reads the model's metadata and refuses a model whose input
 * or output differs from the manifest's, learns whether the server is an mdinference one, and times a short probe;
 * the member's latency starts from the zoo's profile rows for it when there are any, else from the probe. Owns the
 * HTTP client, the transports and the health probes: closing it ends them.
 */
public final class RemoteMembers implements AutoCloseable {

    /** The metadata's {@code name} an mdinference server gives in {@code GET /v2}. */
    static final String MDINFERENCE = "mdinference";
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Untimed calls at each batch size before the probe's timed ones, as many as fit in {@link #PROBE_PHASE}: they
     * open the connection and warm both ends' code up, or the probe would time the JIT (on the gRPC path, twenty
     * times a warm round trip after ten calls) and the member would start out shunned.
     */
    private static final int PROBE_WARM_UP_CALLS = 200;
    /** Timed calls of the probe at each batch size, as many as fit in {@link #PROBE_PHASE}. */
    private static final int PROBE_CALLS = 20;
    /** How long each phase of the probe may take; at least {@link #PROBE_MIN_CALLS} calls run whatever it takes. */
    private static final Duration PROBE_PHASE = Duration.ofSeconds(1);
    private static final int PROBE_MIN_CALLS = 2;
    private static final long PROBE_SEED = 7;

    private final OkHttpClient http;
    private final List<MemberTransport> transports = new ArrayList<>();
    private final HealthProbes probes = new HealthProbes();
    private final Consumer<String> log;
    private final MemberAccess access;

    /** @param log where a member's leaving and returning to the choices is told */
    public RemoteMembers(Consumer<String> log) {
        this(log, MemberAccess.NONE);
    }

    /**
     * @param log    where a member's leaving and returning to the choices is told
     * @param access the CAs trusted for TLS endpoints and the token sent to every member
     */
    public RemoteMembers(Consumer<String> log, MemberAccess access) {
        this.log = log;
        this.access = access;
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES));
        access.trusted().ifPresent(trusted -> http.sslSocketFactory(trusted.sslContext().getSocketFactory(),
                trusted.trustManager()));
        access.token().ifPresent(token -> http.addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                .header(BearerTokens.AUTHORIZATION, BearerTokens.header(token)).build())));
        this.http = http.build();
    }

    /**
     * Connects a remote member. An endpoint that does not answer now (the member may start after the front end, as
     * in a Kubernetes roll-out) starts out of rotation; it joins once it answers, its contract is checked and a trial
     * request succeeds. A member none of whose endpoints answers can start so only when the zoo's profile.csv gives
     * its latency.
     *
     * @param profile  the zoo's profile rows, of which those of this member, if any, are its start-up latency
     * @param maxBatch the largest batch the probe times, when the profile has no rows for the member
     * @throws IllegalArgumentException naming the endpoint, when it refuses the model (404), its input or output is
     *     not the manifest's, or no endpoint answers and the profile has no rows for the member
     */
    public ServedModel connect(ModelEntry entry, ZooProfile profile, int maxBatch) {
        if (!entry.remote()) {
            throw new IllegalArgumentException("model " + entry.name() + " is a file, not a remote member");
        }
        MemberContract contract = new MemberContract(entry);
        InputShape input = null;
        Map<MemberTransport, Boolean> answered = new LinkedHashMap<>();
        Map<MemberTransport, RemoteCallException> silent = new LinkedHashMap<>();
        for (ModelEndpoint endpoint : entry.endpoints().endpoints()) {
            MemberTransport transport = open(endpoint);
            try {
                RemoteMetadata metadata = transport.metadata(METADATA_TIMEOUT);
                input = input == null ? contract.agreed(transport, metadata)
                        : contract.agreed(transport, metadata, input);
                answered.put(transport, transport.serverName(METADATA_TIMEOUT).equals(MDINFERENCE));
            } catch (RemoteCallException e) {
                if (e.kind() == RemoteCallException.Kind.REFUSED) {
                    throw new IllegalArgumentException("member " + entry.name() + ": " + e.getMessage(), e);
                }
                silent.put(transport, e);
            }
        }
        Map<Integer, Double> costs = new TreeMap<>();
        LatencyStats single = null;
        for (ProfileRow row : profile.rows()) {
            if (row.model().equals(entry.name())) {
                costs.put(row.batch(), row.latency().meanMs());
                single = row.batch() == 1 ? row.latency() : single;
            }
        }
        if (input == null) {
            input = contract.declared();
        }
        Map<Integer, List<Double>> probed = new TreeMap<>();
        int largest = input.acceptsBatch(maxBatch) ? maxBatch : 1;
        List<Replica> replicas = new ArrayList<>();
        for (Map.Entry<MemberTransport, Boolean> reached : answered.entrySet()) {
            try {
                double ms = probe(entry, reached.getKey(), input, 1, probed);
                if (largest > 1) {
                    probe(entry, reached.getKey(), input, largest, probed);
                }
                replicas.add(Replica.verified(entry.name(), reached.getKey(), reached.getValue(), ms, log));
            } catch (RemoteCallException e) {
                // it answers its metadata but runs nothing yet (an mdinference server still warming up says 503)
                silent.put(reached.getKey(), e);
            }
        }
        if (replicas.isEmpty() && single == null) {
            throw new IllegalArgumentException("member " + entry.name() + ": no endpoint answers ("
                    + silent.values().iterator().next().getMessage() + "), and the zoo's " + ZooProfile.FILE_NAME
                    + " has no rows of it to start from; start the member's server first, or give its latency there");
        }
        if (single == null) {
            // a replica whose probe failed part-way leaves its batch sizes' lists as they were, maybe empty
            probed.forEach((batch, samples) -> samples.stream().mapToDouble(d -> d).average()
                    .ifPresent(ms -> costs.put(batch, ms)));
            single = LatencyStats.of(probed.get(1).stream().mapToDouble(d -> d).toArray());
        }
        for (Map.Entry<MemberTransport, RemoteCallException> unreached : silent.entrySet()) {
            replicas.add(Replica.unverified(entry.name(), unreached.getKey(), single.meanMs(), log));
            log.accept("member " + entry.name() + ": endpoint " + unreached.getKey().endpoint() + " is out of the"
                    + " choices until it answers: " + unreached.getValue().getMessage());
        }
        RemoteMember member = new RemoteMember(entry.name(), entry.input().name(), input, entry.output().name(),
                replicas);
        probes.watch(member, contract, input);
        return new ServedModel(entry.name(), entry.top1(), entry.input(), input,
                new ImagePreprocessor(input, entry.preprocessing()), entry.output(), member, single.toProfile(),
                new BatchCosts(costs));
    }

    private MemberTransport open(ModelEndpoint endpoint) {
        MemberTransport transport = switch (endpoint.transport()) {
            case REST -> new RestTransport(endpoint, http);
            case GRPC -> new GrpcTransport(endpoint, access);
        };
        transports.add(transport);
        return transport;
    }

    /** Times up to {@link #PROBE_CALLS} calls of a batch after up to {@link #PROBE_WARM_UP_CALLS}; their mean. */
    private static double probe(ModelEntry entry, MemberTransport transport, InputShape input, int batch,
                                Map<Integer, List<Double>> probed) throws RemoteCallException {
        float[] items = input.seededItems(batch, PROBE_SEED);
        RemoteCall call = new RemoteCall(entry.input().name(), input.forBatch(batch), items, entry.output().name(),
                OptionalDouble.empty(), PROBE_TIMEOUT.toNanos());
        List<Double> timed = probed.computeIfAbsent(batch, b -> new ArrayList<>());
        int before = timed.size();
        try {
            long phaseEnd = System.nanoTime() + PROBE_PHASE.toNanos();
            for (int i = 0; i < PROBE_WARM_UP_CALLS && (i < PROBE_MIN_CALLS || System.nanoTime() < phaseEnd); i++) {
                transport.infer(call);
            }
            phaseEnd = System.nanoTime() + PROBE_PHASE.toNanos();
            for (int i = 0; i < PROBE_CALLS && (i < PROBE_MIN_CALLS || System.nanoTime() < phaseEnd); i++) {
                long start = System.nanoTime();
                transport.infer(call);
                timed.add((System.nanoTime() - start) / 1e6);
            }
        } catch (RemoteCallException e) {
            throw new RemoteCallException(e.kind(), "the probe at batch " + batch + " failed: " + e.getMessage(), e);
        }
        return timed.subList(before, timed.size()).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    @Override
    public void close() {
        probes.close();
        transports.forEach(MemberTransport::close);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
