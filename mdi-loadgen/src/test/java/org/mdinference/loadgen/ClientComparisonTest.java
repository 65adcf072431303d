package org.mdinference.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.Optional;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;

/** Both clients against a real server on the committed zoo, on a loopback port. */
class ClientComparisonTest {

    private static MdiServer server;
    private static URI url;
    private static String fastest;

    @BeforeAll
    static void start() throws Exception {
        server = CommittedZooServer.start(ServerConfig.builder().maxBatch(4).intraOpThreads(1));
        url = URI.create("http://127.0.0.1:" + server.port());
        fastest = server.service().zoo().fastest().name();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void okHttpSendsTheSamePathHeadersAndBody() throws Exception {
        LoadtestRequest binary = LoadtestRequest.build(url, fastest, 2, true, Optional.empty());
        Request request = ClientComparison.okHttpRequest(url, binary.bytes());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.url().toString()).isEqualTo(url + "/v2/models/" + fastest + "/infer");
        assertThat(request.header("Inference-Header-Content-Length")).isNotNull();
        assertThat(request.header("Host")).isNull();
        Buffer body = new Buffer();
        request.body().writeTo(body);
        byte[] sent = binary.bytes();
        assertThat(body.readByteArray()).isEqualTo(
                java.util.Arrays.copyOfRange(sent, sent.length - (int) request.body().contentLength(), sent.length));
        assertThat(request.body().contentType().toString()).isEqualTo("application/octet-stream");
    }

    @Test
    void bothClientsAreMeasuredInOneRunWithoutErrors() throws Exception {
        StringWriter out = new StringWriter();
        new ClientComparison(url, LoadtestRequest.build(url, fastest, 1, true, Optional.empty()), 2)
                .run(0.1, 0.5, new PrintWriter(out, true));

        assertThat(out.toString()).contains("compare-clients: " + fastest + ", binary tensors, concurrency 2",
                "| hand-written HTTP/1.1 (LoadtestConnection) | ", "| OkHttp 4.12.0, synchronous call, TCP_NODELAY | ");
        assertThat(out.toString().lines().filter(line -> line.startsWith("| hand") || line.startsWith("| OkHttp")))
                .hasSize(2).allSatisfy(line -> assertThat(line).endsWith(" | 0 |").doesNotContain("NaN"));
    }
}
