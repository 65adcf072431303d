package org.mdinference.client;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.model.OnnxZooLoader;
import org.mdinference.server.model.ServedModel;

/** The real server with the repository's zoo on ONNX Runtime, on a free loopback port, warmed up and ready. */
final class ZooServer implements AutoCloseable {

    private final MdiServer server;
    final String url;

    ZooServer() throws Exception {
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).maxBatch(4).intraOpThreads(1).build();
        server = new MdiServer(config, new OnnxZooLoader(System::nanoTime).load(Fashion.zoo(), 1, 4));
        url = "http://127.0.0.1:" + server.start();
        server.awaitReady(Duration.ofMinutes(2));
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
