package org.mdinference.server.remote;

import java.time.Duration;
import java.util.ArrayList;
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
import org.mdinference.onnx.TensorSpec;
import org.mdinference.onnx.ZooProfile;
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
     * Untimed calls at each batch size before the probe's timed ones: they open the connection and warm both ends'
     * code up, or the probe would time the JIT (ten times a warm round trip) and the member would start out shunned.
     */
    private static final int PROBE_WARM_UP_CALLS = 10;
    /** Timed calls of the probe at each batch size. */
    private static final int PROBE_CALLS = 10;
    private static final long PROBE_SEED = 7;

    private final OkHttpClient http = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES)).build();
    private final List<MemberTransport> transports = new ArrayList<>();
    private final HealthProbes probes = new HealthProbes();
    private final Consumer<String> log;

    /** @param log where a member's leaving and returning to the choices is told */
    public RemoteMembers(Consumer<String> log) {
        this.log = log;
    }

    /**
     * @param profile  the zoo's profile rows, of which those of this member, if any, are its start-up latency
     * @param maxBatch the largest batch the probe times, when the profile has no rows for the member
     * @throws IllegalArgumentException naming the endpoint, when it cannot be reached or its model's input or
     *     output is not the manifest's
     */
    public ServedModel connect(ModelEntry entry, ZooProfile profile, int maxBatch) {
        if (!entry.remote()) {
            throw new IllegalArgumentException("model " + entry.name() + " is a file, not a remote member");
        }
        InputShape input = null;
        boolean allMdinference = true;
        List<MemberTransport> opened = new ArrayList<>();
        for (ModelEndpoint endpoint : entry.endpoints().endpoints()) {
            MemberTransport transport = open(endpoint);
            opened.add(transport);
            try {
                InputShape shape = checkContract(entry, transport.metadata(METADATA_TIMEOUT));
                if (input != null && !input.equals(shape)) {
                    throw new IllegalArgumentException("member " + entry.name() + ": endpoint " + endpoint
                            + " takes " + shape.described() + " but another replica takes " + input.described());
                }
                input = shape;
                allMdinference &= transport.serverName(METADATA_TIMEOUT).equals(MDINFERENCE);
            } catch (RemoteCallException e) {
                throw new IllegalArgumentException("member " + entry.name() + ": cannot read the metadata of "
                        + endpoint + ": " + e.getMessage(), e);
            }
        }
        List<Replica> replicas = new ArrayList<>();
        Map<Integer, List<Double>> probed = new TreeMap<>();
        int largest = input.acceptsBatch(maxBatch) ? maxBatch : 1;
        for (MemberTransport transport : opened) {
            double single = probe(entry, transport, input, 1, probed);
            if (largest > 1) {
                probe(entry, transport, input, largest, probed);
            }
            replicas.add(new Replica(entry.name(), transport, single, log));
        }
        RemoteMember member = new RemoteMember(entry.name(), entry.input().name(), input, entry.output().name(),
                replicas, allMdinference);
        probes.watch(member, input, entry.input().name(), entry.output().name());
        Map<Integer, Double> costs = new TreeMap<>();
        LatencyStats single = null;
        for (ProfileRow row : profile.rows()) {
            if (row.model().equals(entry.name())) {
                costs.put(row.batch(), row.latency().meanMs());
                single = row.batch() == 1 ? row.latency() : single;
            }
        }
        if (single == null) {
            costs.clear();
            probed.forEach((batch, samples) -> costs.put(batch, samples.stream().mapToDouble(d -> d).average()
                    .orElseThrow()));
            single = LatencyStats.of(probed.get(1).stream().mapToDouble(d -> d).toArray());
        }
        return new ServedModel(entry.name(), entry.top1(), entry.input(), input,
                new ImagePreprocessor(input, entry.preprocessing()), entry.output(), member, single.toProfile(),
                new BatchCosts(costs));
    }

    private MemberTransport open(ModelEndpoint endpoint) {
        MemberTransport transport = switch (endpoint.transport()) {
            case REST -> new RestTransport(endpoint, http);
            case GRPC -> throw new IllegalArgumentException("endpoint " + endpoint + ": gRPC members are not"
                    + " supported yet; give the member's REST URL (http://host:port/v2/models/NAME)");
        };
        transports.add(transport);
        return transport;
    }

    /** The input shape the manifest and the remote model agree on. */
    private static InputShape checkContract(ModelEntry entry, RemoteMetadata metadata) {
        String where = "member " + entry.name() + " (" + metadata.name() + " at "
                + entry.endpoints().endpoints() + ")";
        if (metadata.inputs().size() != 1) {
            throw new IllegalArgumentException(where + " takes " + metadata.inputs().size() + " inputs "
                    + metadata.inputs() + "; a zoo member takes one");
        }
        RemoteMetadata.Tensor in = metadata.inputs().get(0);
        long[] agreed = agree(where, "input", entry.input(), in);
        RemoteMetadata.Tensor out = metadata.outputs().stream().filter(t -> t.name().equals(entry.output().name()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(where + " has no output named '"
                        + entry.output().name() + "' (its outputs: " + metadata.outputs() + ")"));
        agree(where, "output", entry.output(), out);
        List<Long> dims = new ArrayList<>();
        for (long dim : agreed) {
            dims.add(dim);
        }
        return new InputShape(entry.name(), dims);
    }

    /** Each dimension both sides fix must match; the manifest's -1 takes the remote's size. */
    private static long[] agree(String where, String role, TensorSpec declared, RemoteMetadata.Tensor remote) {
        boolean same = remote.name().equals(declared.name()) && remote.datatype().equals(declared.datatype())
                && remote.shape().size() == declared.shape().size();
        long[] dims = new long[declared.shape().size()];
        for (int axis = 0; same && axis < dims.length; axis++) {
            long ours = declared.shape().get(axis);
            long theirs = remote.shape().get(axis);
            same = ours == -1 || theirs == -1 || ours == theirs;
            dims[axis] = ours != -1 ? ours : theirs;
        }
        if (!same) {
            throw new IllegalArgumentException(where + ": its " + role + " is " + remote.name() + " "
                    + remote.datatype() + " " + remote.shape() + ", but the zoo's is " + declared.name() + " "
                    + declared.datatype() + " " + declared.shape() + "; refusing a member with another contract");
        }
        return dims;
    }

    /** Times {@link #PROBE_CALLS} calls of a batch after {@link #PROBE_WARM_UP_CALLS}; returns their mean. */
    private static double probe(ModelEntry entry, MemberTransport transport, InputShape input, int batch,
                                Map<Integer, List<Double>> probed) {
        float[] items = input.seededItems(batch, PROBE_SEED);
        RemoteCall call = new RemoteCall(entry.input().name(), input.forBatch(batch), items, entry.output().name(),
                OptionalDouble.empty(), PROBE_TIMEOUT.toNanos());
        double sum = 0;
        try {
            for (int i = 0; i < PROBE_WARM_UP_CALLS; i++) {
                transport.infer(call);
            }
            for (int i = 0; i < PROBE_CALLS; i++) {
                long start = System.nanoTime();
                transport.infer(call);
                double ms = (System.nanoTime() - start) / 1e6;
                probed.computeIfAbsent(batch, b -> new ArrayList<>()).add(ms);
                sum += ms;
            }
        } catch (RemoteCallException e) {
            throw new IllegalArgumentException("member " + entry.name() + ": the probe of " + transport.endpoint()
                    + " at batch " + batch + " failed: " + e.getMessage(), e);
        }
        return sum / PROBE_CALLS;
    }

    @Override
    public void close() {
        probes.close();
        transports.forEach(MemberTransport::close);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
