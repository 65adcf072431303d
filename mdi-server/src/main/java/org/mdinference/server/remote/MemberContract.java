package org.mdinference.server.remote;

import java.util.ArrayList;
import java.util.List;
import org.mdinference.onnx.InputShape;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.TensorSpec;

/**
 * What an endpoint must serve to be a zoo member: the manifest entry's input and output, name, type and shape.
 * Checked when the front end starts, and for an endpoint that could not be reached then, when it first answers.
 */
final class MemberContract {

    private final ModelEntry entry;

    MemberContract(ModelEntry entry) {
        this.entry = entry;
    }

    ModelEntry entry() {
        return entry;
    }

    /**
     * The input shape the manifest and the remote model agree on.
     *
     * @throws IllegalArgumentException naming both contracts when they differ
     */
    InputShape agreed(MemberTransport transport, RemoteMetadata metadata) {
        String where = "member " + entry.name() + " (" + metadata.name() + " at " + transport.endpoint() + ")";
        if (metadata.inputs().size() != 1) {
            throw new IllegalArgumentException(where + " takes " + metadata.inputs().size() + " inputs "
                    + metadata.inputs() + "; a zoo member takes one");
        }
        long[] agreed = agree(where, "input", entry.input(), metadata.inputs().get(0));
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

    /**
     * The input shape the manifest and this replica agree on, which must be the one its other replicas take.
     *
     * @throws IllegalArgumentException naming both shapes when the replicas differ
     */
    InputShape agreed(MemberTransport transport, RemoteMetadata metadata, InputShape replicas) {
        InputShape shape = agreed(transport, metadata);
        if (!shape.equals(replicas)) {
            throw new IllegalArgumentException("member " + entry.name() + ": endpoint " + transport.endpoint()
                    + " takes " + shape.described() + " but another replica takes " + replicas.described());
        }
        return shape;
    }

    /**
     * The manifest's own input shape, for a member none of whose endpoints answered at start.
     *
     * @throws IllegalArgumentException when the manifest leaves a dimension other than the batch open
     */
    InputShape declared() {
        return new InputShape(entry.name(), entry.input().shape());
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
}
