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

/**
 * The dashboard's JSON follows {@code --auth-metrics}, as it holds the figures of {@code /metrics}; its page,
 * script and style hold none and stay open, so that a browser can load them and send the token with its polls.
 */
class DashboardAccessTest {

    @Test
    void theDataAsksForATokenWhenMetricsDo(@TempDir Path dir) throws Exception {
        TokenCheck tokens = TokenCheck.read(TestCertificates.tokenFile(dir, "t", List.of("metrics-token")));
        try (MdiServer server = CommittedZooServer.start(ServerConfig.builder().warmUp(false).intraOpThreads(1)
                .access(new ServerAccess(Optional.empty(), Optional.of(tokens), true)))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            for (String open : List.of("/dashboard", "/dashboard/", "/dashboard/dashboard.js",
                    "/dashboard/dashboard.css")) {
                assertThat(status(base.resolve(open), null)).as(open).isEqualTo(200);
            }
            assertThat(status(base.resolve("/dashboard/data"), null)).isEqualTo(401);
            // Javalin routes the slashed path to the data too: it must not pass for one of the open files
            assertThat(status(base.resolve("/dashboard/data/"), null)).isEqualTo(401);
            assertThat(status(base.resolve("/dashboard/data"), "Bearer wrong")).isEqualTo(403);
            assertThat(status(base.resolve("/dashboard/data"), "Bearer metrics-token")).isEqualTo(200);
        }
    }

    @Test
    void theDataIsOpenWhenMetricsAre(@TempDir Path dir) throws Exception {
        TokenCheck tokens = TokenCheck.read(TestCertificates.tokenFile(dir, "t", List.of("a-token")));
        try (MdiServer server = CommittedZooServer.start(ServerConfig.builder().warmUp(false).intraOpThreads(1)
                .access(new ServerAccess(Optional.empty(), Optional.of(tokens), false)))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            assertThat(status(base.resolve("/dashboard/data"), null)).isEqualTo(200);
            assertThat(status(base.resolve("/metrics"), null)).isEqualTo(200);
            assertThat(status(base.resolve("/v2"), null)).isEqualTo(401);
        }
    }

    private static int status(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
