package org.mdinference.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;

/** The load test's request and connection against a real server on the committed zoo, on a loopback port. */
class LoadtestRequestTest {

    private static MdiServer server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        server = CommittedZooServer.start(ServerConfig.builder().maxBatch(4).intraOpThreads(1));
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String fastest() {
        return server.service().zoo().fastest().name();
    }

    @Test
    void aRequestOfTheRightShapeIsBuiltFromTheServersMetadata() throws Exception {
        LoadtestRequest json = LoadtestRequest.build(URI.create(url), fastest(), 3, false,
                Optional.of(RequestParameters.of(5000)));
        String text = new String(json.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).startsWith("POST /v2/models/" + fastest() + "/infer HTTP/1.1\r\n")
                .contains("\"shape\":[3,1,28,28]", "\"parameters\":{\"sla_ms\":5000.0,\"elapsed_ms\":       0.000}");
        try (LoadtestConnection connection = new LoadtestConnection(URI.create(url))) {
            LoadtestConnection.Reply reply = connection.exchange(json.bytes());
            assertThat(reply.status()).isEqualTo(200);
            assertThat(new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"shape\":[3,10]");
            LoadtestRequest binary = LoadtestRequest.build(URI.create(url), fastest(), 2, true, Optional.empty());
            LoadtestConnection.Reply again = connection.exchange(binary.bytes());
            assertThat(again.status()).isEqualTo(200);
            int header = Integer.parseInt(again.header("Inference-Header-Content-Length").orElseThrow());
            assertThat(again.body().length).isEqualTo(header + 2 * 10 * 4);
        }
    }

    @Test
    void aZooRequestSentLateSaysSoInItsElapsedTime() throws Exception {
        String zoo = server.service().zoo().name();
        Optional<RequestParameters> parameters = Optional.of(RequestParameters.of(5000).withElapsedMs(10)
                .withReturnMs(0));
        for (boolean binary : new boolean[] {false, true}) {
            LoadtestRequest request = LoadtestRequest.build(URI.create(url), zoo, 1, binary, parameters);
            assertThat(new String(request.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains("\"elapsed_ms\":      10.000,");
            byte[] late = request.sentLate(2.5);
            assertThat(new String(late, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains("\"elapsed_ms\":      12.500,");
            try (LoadtestConnection connection = new LoadtestConnection(URI.create(url))) {
                LoadtestConnection.Reply reply = connection.exchange(late);
                assertThat(reply.status()).isEqualTo(200);
                int length = reply.header("Inference-Header-Content-Length").map(Integer::parseInt)
                        .orElse(reply.body().length);
                assertThat(new String(reply.body(), 0, length, java.nio.charset.StandardCharsets.UTF_8))
                        .contains("\"budget_ms\":4987.5");
            }
        }
        LoadtestRequest member = LoadtestRequest.build(URI.create(url), fastest(), 1, true, Optional.empty());
        assertThat(member.sentLate(2.5)).isSameAs(member.bytes());
    }
}
