package org.mdinference.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.onnx.Committed;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;

/**
 * deploy/grafana: Debian's prometheus, run with the committed scrape configuration against a live server after real
 * traffic, answers every query of the committed Grafana board with series. A query that names a metric the server
 * does not write, or that Prometheus cannot parse, fails it.
 */
class GrafanaBoardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Grafana's rate window, long enough to hold a few of the test's 1 s scrapes. */
    private static final String RATE_INTERVAL = "30s";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyQueryOfTheBoardReturnsSeries(@TempDir Path dir) throws Exception {
        Path grafana = Committed.root().resolve("deploy/grafana");
        JsonNode board = JSON.readTree(grafana.resolve("mdinference-dashboard.json").toFile());
        List<String> queries = new ArrayList<>();
        board.findValues("expr").forEach(expr -> queries.add(expr.asText()));
        assertThat(queries).as("the board's queries").hasSizeGreaterThan(10);
        Path prometheus = prometheus();

        try (MdiServer server = CommittedZooServer.start(ServerConfig.builder().warmUp(false).intraOpThreads(1))) {
            String zoo = server.service().zoo().name();
            ZooTraffic traffic = new ZooTraffic(URI.create("http://127.0.0.1:" + server.port()));
            traffic.zoo(zoo, 20);
            traffic.member("lenet5", 2);

            String config = Files.readString(grafana.resolve("prometheus.yml"));
            String scraped = replace(replace(config, "'localhost:8080'", "'127.0.0.1:" + server.port() + "'"),
                    "scrape_interval: 5s", "scrape_interval: 1s");
            Files.writeString(dir.resolve("prometheus.yml"), scraped);
            int port = freePort();
            Path log = dir.resolve("prometheus.log");
            Process process = new ProcessBuilder(prometheus.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=");
                // three scrapes of the live server: every rate has two samples in its window
                awaitSeries(api, "count_over_time(up{job=\"mdinference\"}[1m]) >= 3", log);
                Map<String, String> empty = new LinkedHashMap<>();
                long end = System.nanoTime() + PATIENCE.toNanos();
                for (String query : queries) {
                    String expression = query.replace("$__rate_interval", RATE_INTERVAL).replace("$zoo", zoo);
                    JsonNode result = query(api, expression);
                    while (result.isEmpty() && System.nanoTime() < end) {
                        Thread.sleep(500);
                        result = query(api, expression);
                    }
                    if (result.isEmpty()) {
                        empty.put(query, expression);
                    }
                }
                assertThat(empty).as("queries of the board that returned no series").isEmpty();
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    /** Waits until {@code expression} has a series. */
    private void awaitSeries(URI api, String expression, Path log) throws Exception {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                if (!query(api, expression).isEmpty()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("prometheus did not scrape the server three times in " + PATIENCE
                        + "; its log:\n" + Files.readString(log));
            }
            Thread.sleep(250);
        }
    }

    /** The query's result; fails on an error Prometheus reports, a query it cannot parse among them. */
    private JsonNode query(URI api, String expression) throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(api
                + URLEncoder.encode(expression, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(reply.body());
        if (!body.path("status").asText().equals("success")) {
            throw new AssertionError("prometheus refused " + expression + ": " + reply.body());
        }
        return body.path("data").path("result");
    }

    private static String replace(String text, String what, String with) {
        assertThat(text).as("deploy/grafana/prometheus.yml").contains(what);
        return text.replace(what, with);
    }

    private static Path prometheus() {
        return Stream.of("/usr/bin/prometheus", "/usr/local/bin/prometheus").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                        "Debian's prometheus is not installed. The build installs it before the tests with"
                                + " tools/dashboard/install-test-tools.sh (apt-get install prometheus, as root); its"
                                + " lines in the Maven log, and /tmp/mdi-apt-install.log, say why it could not"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
