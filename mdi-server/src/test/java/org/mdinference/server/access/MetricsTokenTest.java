package org.mdinference.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.TestCertificates;

/** Tokens without TLS, and {@code /metrics} behind the token when the config says so; health still open. */
class MetricsTokenTest {

    @Test
    void metricsAskForATokenWhenTold(@TempDir Path dir) throws Exception {
        TokenCheck tokens = TokenCheck.read(TestCertificates.tokenFile(dir, "t", List.of("metrics-token")));
        try (MdiServer server = CommittedZooServer.start(ServerConfig.builder().warmUp(false).intraOpThreads(1)
                .access(new ServerAccess(Optional.empty(), Optional.of(tokens), true)))) {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + server.port());
            assertThat(status(http, base.resolve("/metrics"), null)).isEqualTo(401);
            assertThat(status(http, base.resolve("/metrics"), "Bearer metrics-token")).isEqualTo(200);
            assertThat(status(http, base.resolve("/v2/health/ready"), null)).isEqualTo(200);
            assertThat(status(http, base.resolve("/v2"), null)).isEqualTo(401);
        }
    }

    private static int status(HttpClient http, URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
