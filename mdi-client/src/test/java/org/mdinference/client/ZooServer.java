package org.mdinference.client;

import java.util.Set;
import java.util.stream.Collectors;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.model.ServedModel;

/** The real server with the repository's zoo on ONNX Runtime, on a free loopback port, warmed up and ready. */
final class ZooServer implements AutoCloseable {

    private final MdiServer server;
    final String url;

    ZooServer() throws Exception {
        server = CommittedZooServer.start(ServerConfig.builder().maxBatch(4).intraOpThreads(1));
        url = "http://127.0.0.1:" + server.port();
    }

    String zoo() {
        return server.service().zoo().name();
    }

    /** A member's mean latency, as the server's live profile has it now. */
    double meanMs(String member) {
        return server.service().profiles().profile(member).meanMs();
    }

    Set<String> members() {
        return server.service().zoo().members().stream().map(ServedModel::name).collect(Collectors.toSet());
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
