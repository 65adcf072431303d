package org.mdinference.server;

import java.time.Duration;
import org.mdinference.onnx.Committed;
import org.mdinference.server.model.ZooLoader;

/** The real server with the repository's zoo on ONNX Runtime, for other modules' tests (this module's test-jar). */
public final class CommittedZooServer {

    private CommittedZooServer() {
    }

    /** Started on a free loopback port with {@code settings}, warmed up and ready. */
    public static MdiServer start(ServerConfig.Builder settings) throws Exception {
        return start(settings, 0);
    }

    /** Started on a loopback port (0: a free one) with {@code settings}, warmed up and ready. */
    public static MdiServer start(ServerConfig.Builder settings, int port) throws Exception {
        ServerConfig config = settings.host("127.0.0.1").port(port).build();
        MdiServer server = new MdiServer(config, new ZooLoader(System::nanoTime).load(Committed.zoo(),
                config.intraOpThreads(), config.maxBatch()));
        try {
            server.start();
            server.awaitReady(Duration.ofMinutes(5));
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }
}
