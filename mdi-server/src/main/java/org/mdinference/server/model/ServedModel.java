package org.mdinference.server.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mdinference.core.BatchCosts;
import org.mdinference.core.LatencyProfile;
import org.mdinference.core.Model;
import org.mdinference.onnx.ImagePreprocessor;
import org.mdinference.onnx.InputShape;
import org.mdinference.onnx.ModelEndpoint;
import org.mdinference.onnx.TensorSpec;
import org.mdinference.server.remote.RemoteMember;
import org.mdinference.server.scheduling.BatchRunner;

/**
 * One zoo member as the server needs it: its name and accuracy, its input and what turns a request into it, the
 * name of its output, what runs a batch, and its profiled costs.
 *
 * @param inputSpec  its input tensor as the manifest declares it; {@code input} is its shape resolved
 * @param profile the batch-of-one latency the selection starts from
 * @param costs   the mean latency of each batch size, for queue-wait estimates
 */
public record ServedModel(String name, double accuracy, TensorSpec inputSpec, InputShape input,
                          ImagePreprocessor preprocessor, TensorSpec output, BatchRunner runner,
                          LatencyProfile profile, BatchCosts costs) {

    public ServedModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputSpec, "inputSpec");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(preprocessor, "preprocessor");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(costs, "costs");
    }

    /** Whether another server runs it. */
    public boolean remote() {
        return runner instanceof RemoteMember;
    }

    /** Where another server runs it: its endpoints; none for a member run here. */
    public List<ModelEndpoint> endpoints() {
        return runner instanceof RemoteMember remote ? remote.endpoints() : List.of();
    }

    /**
     * Whether the member takes requests now: a remote member none of whose endpoints is in rotation does not, nor
     * does one run here that its ONNX Runtime failures took out of the choices ({@link LocalRotation}).
     */
    public boolean available() {
        if (runner instanceof RemoteMember remote) {
            return remote.available();
        }
        return !(runner instanceof LocalMember local) || local.rotation().available();
    }

    /** Why it is out of the choices, and when to retry; empty while it takes requests. */
    public Optional<LocalRotation.OutOfService> outOfService() {
        if (runner instanceof LocalMember local) {
            return local.rotation().outOfService();
        }
        return available() ? Optional.empty()
                : Optional.of(new LocalRotation.OutOfService("none of its endpoints answers", 1));
    }

    /** Batches of it that may run at once: the server's workers per model, or a remote member's calls in flight. */
    public int workers(int workersPerModel) {
        return runner instanceof RemoteMember remote ? remote.concurrency() : workersPerModel;
    }

    /** The member as the selection algorithm sees it. */
    public Model toModel() {
        return new Model(name, accuracy, profile);
    }
}
