package org.mdinference.server.remote;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;
import org.mdinference.onnx.InputShape;
import org.mdinference.onnx.ModelEndpoint;
import org.mdinference.server.scheduling.BatchOutput;
import org.mdinference.server.scheduling.BatchRunner;

/**
 * A zoo member served elsewhere, as the member's queue runs it: each batch is one call to the replica expected to
 * answer first, given until its callers' deadline (and, at an mdinference server, as {@code sla_ms}, so that it
 * refuses what it cannot start in time). A call that fails fast (unreachable, 5xx) is tried once more on
 * another replica while time is left; otherwise the batch fails with {@link RemoteMemberException}. Its time is
 * the round trip, less the time an mdinference member says it queued the batch, which its queue counts as a wait.
 */
public final class RemoteMember implements BatchRunner {

    /** Calls in flight to each replica at most; more wait in the member's queue here, and form batches there. */
    static final int CALLS_PER_REPLICA = 8;

    private final String name;
    private final String inputName;
    private final InputShape input;
    private final String outputName;
    private final List<Replica> replicas;

    RemoteMember(String name, String inputName, InputShape input, String outputName, List<Replica> replicas) {
        this.name = name;
        this.inputName = inputName;
        this.input = input;
        this.outputName = outputName;
        this.replicas = List.copyOf(replicas);
    }

    public String name() {
        return name;
    }

    /** Its replicas' endpoints. */
    public List<ModelEndpoint> endpoints() {
        return replicas.stream().map(r -> r.transport().endpoint()).toList();
    }

    List<Replica> replicas() {
        return replicas;
    }

    /** Whether any replica is in rotation: a member with none leaves the zoo's choices until one returns. */
    public boolean available() {
        return replicas.stream().anyMatch(Replica::inRotation);
    }

    /** Batches that may be in flight at once. */
    public int concurrency() {
        return CALLS_PER_REPLICA * replicas.size();
    }

    @Override
    public float[][] run(float[] batch, int n) {
        return run(batch, n, Long.MAX_VALUE).outputs();
    }

    @Override
    public BatchOutput run(float[] batch, int n, long timeoutNanos) {
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        long[] shape = input.forBatch(n);
        @Nullable RemoteCallException last = null;
        @Nullable Replica tried = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<Replica> replica = pick(tried);
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (replica.isEmpty() || left <= 0) {
                break;
            }
            tried = replica.get();
            OptionalDouble budget = tried.mdinference() && left != Long.MAX_VALUE ? OptionalDouble.of(left / 1e6)
                    : OptionalDouble.empty();
            try {
                RemoteReply reply = tried.call(new RemoteCall(inputName, shape, batch, outputName, budget, left));
                return new BatchOutput(split(reply, n), reply.queueMs().orElse(0));
            } catch (RemoteCallException e) {
                last = e;
                if (e.kind() != RemoteCallException.Kind.UNREACHABLE && e.kind() != RemoteCallException.Kind.FAILED) {
                    break;
                }
            }
        }
        if (last == null) {
            throw new RemoteMemberException("member " + name + " has no endpoint in rotation " + replicas
                    + (deadline != Long.MAX_VALUE && deadline <= System.nanoTime() ? ", and no time is left" : ""),
                    deadline != Long.MAX_VALUE && deadline <= System.nanoTime(), null);
        }
        boolean late = last.kind() == RemoteCallException.Kind.TIMED_OUT
                || last.kind() == RemoteCallException.Kind.LATE;
        throw new RemoteMemberException("member " + name + " gave no answer: " + last.getMessage(), late, last);
    }

    /** The replica in rotation expected to answer first, other than the one just tried when another is left. */
    private Optional<Replica> pick(@Nullable Replica tried) {
        return replicas.stream().filter(r -> r.inRotation() && r != tried)
                .min(Comparator.comparingDouble(Replica::expectedFinishMs));
    }

    private float[][] split(RemoteReply reply, int n) {
        if (reply.shape().length == 0 || reply.shape()[0] != n || reply.values().length % n != 0) {
            throw new RemoteMemberException("member " + name + " returned output " + outputName + " of shape "
                    + Arrays.toString(reply.shape()) + " for a batch of " + n, false, null);
        }
        int each = reply.values().length / n;
        float[][] items = new float[n][each];
        for (int i = 0; i < n; i++) {
            System.arraycopy(reply.values(), i * each, items[i], 0, each);
        }
        return items;
    }

    @Override
    public String toString() {
        return "RemoteMember[" + name + " at " + replicas + "]";
    }
}
