package org.mdinference.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.mdinference.onnx.InputShape;
import org.mdinference.onnx.ModelEndpoint;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;

/** The sockets a REST member's calls go out on, against a real member server on a loopback port. */
class RestTransportSocketsTest {

    /**
     * OkHttp writes a body in 8 KiB segments, and without {@code TCP_NODELAY} every one after the first waited for a
     * delayed ACK: a batch of 8 items of 28x28 took 44 ms at p50 on loopback instead of under half a millisecond.
     */
    @Test
    void everyConnectionIsOpenedWithoutNaglesDelay() throws Exception {
        List<Boolean> noDelay = new CopyOnWriteArrayList<>();
        OkHttpClient http = new OkHttpClient.Builder().eventListener(new EventListener() {
            @Override
            public void connectionAcquired(Call call, Connection connection) {
                try {
                    noDelay.add(connection.socket().getTcpNoDelay());
                } catch (SocketException e) {
                    throw new IllegalStateException(e);
                }
            }
        }).build();
        try (MdiServer member = CommittedZooServer.start(ServerConfig.builder().intraOpThreads(1).warmUp(false))) {
            String model = member.service().zoo().fastest().name();
            InputShape input = member.service().zoo().member(model).orElseThrow().input();
            RestTransport transport = new RestTransport(ModelEndpoint.parse("http://127.0.0.1:" + member.port()
                    + "/v2/models/" + model), http);

            RemoteReply reply = transport.infer(new RemoteCall("input", input.forBatch(8), input.seededItems(8, 1),
                    "logits", OptionalDouble.empty(), 10_000_000_000L));

            assertThat(reply.shape()).startsWith(8L);
            assertThat(noDelay).isNotEmpty().containsOnly(true);
        } finally {
            http.connectionPool().evictAll();
        }
    }
}
