package org.mdinference.server.remote;

import java.time.Duration;
import org.mdinference.onnx.ModelEndpoint;

/**
 * One endpoint of a remote member, reached over the Open Inference Protocol's REST or gRPC API. Implementations are
 * safe for concurrent calls and keep their connections open between calls.
 */
public interface MemberTransport extends AutoCloseable {

    ModelEndpoint endpoint();

    /**
     * The server's own metadata: its name tells an mdinference server (which takes {@code sla_ms} and says how long
     * it queued each request) from a foreign one.
     */
    String serverName(Duration timeout) throws RemoteCallException;

    /** The model's metadata: its inputs and outputs. */
    RemoteMetadata metadata(Duration timeout) throws RemoteCallException;

    /** Whether the server says the model is ready; false when it cannot be asked. */
    boolean ready(Duration timeout);

    /** Runs one batch. */
    RemoteReply infer(RemoteCall call) throws RemoteCallException;

    @Override
    void close();
}
