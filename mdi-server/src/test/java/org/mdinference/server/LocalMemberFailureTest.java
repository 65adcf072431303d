package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.server.model.LocalRotation;
import org.mdinference.server.model.ZooLoader;

/**
 * A member whose run fails in ONNX Runtime, for real: {@code broken_lenet5} (tools/faults/make_broken_model.py) is
 * lenet5 with a guard that makes the runtime fail ("indices element out of data bounds") on a batch holding a value
 * above 1.0, served beside zoo/fashion's linear and mlp. The greedy policy picks the most accurate member that fits,
 * which is broken_lenet5, so that every zoo request meets it first.
 */
class LocalMemberFailureTest {

    private static final String BROKEN = "broken_lenet5";
    private static final String RUNTIME_ERROR = "indices element out of data bounds";
    private static final Map<String, Object> GENEROUS = Map.of("sla_ms", 5000);

    private static IdxDataset images;

    @TempDir
    Path dir;
    private HttpHarness http;
    private final Logger rotationLog = Logger.getLogger(LocalRotation.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void images() {
        images = RealZoo.testSplit();
    }

    @BeforeEach
    void start() throws IOException {
        for (String file : List.of("zoo.json", "broken_lenet5.onnx")) {
            try (InputStream in = LocalMemberFailureTest.class.getResourceAsStream("broken-zoo/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (String file : List.of("linear.onnx", "mlp.onnx")) {
            Files.copy(Committed.zoo().resolve(file), dir.resolve(file));
        }
        rotationLog.addHandler(capture);
        http = new HttpHarness(ServerConfig.builder().maxBatch(4).policy("greedy"),
                new ZooLoader(System::nanoTime).load(dir, 1, 4));
    }

    @AfterEach
    void stop() throws Exception {
        rotationLog.removeHandler(capture);
        http.close();
    }

    @Test
    void aZooRequestWhoseMemberFailsIsDecidedAgainAndAnsweredByAnother() {
        JsonNode good = ok(zoo(false, 0));
        assertThat(good.path("parameters").path("model").asText()).isEqualTo(BROKEN);

        JsonNode failed = ok(zoo(true, 1));

        assertThat(failed.path("parameters").path("outcome").asText()).isEqualTo("served");
        assertThat(failed.path("parameters").path("model").asText()).isEqualTo("mlp");
        assertThat(failed.path("parameters").path("rerouted_from").asText()).isEqualTo(BROKEN);
        assertThat(metric("mdi_member_failures_total", BROKEN)).isEqualTo(1);
        assertThat(metric("mdi_member_failures_total", "mlp")).isZero();
        // one failure may be one request's fault: the member stays, and serves the next request
        assertThat(metric("mdi_member_available", BROKEN)).isEqualTo(1);
        assertThat(ok(zoo(false, 2)).path("parameters").path("model").asText()).isEqualTo(BROKEN);
        assertThat(logged).isEmpty();
        System.out.printf(java.util.Locale.ROOT, "a zoo request whose member's run failed: 200 from %s, rerouted"
                + " from %s, server_ms %.1f (one served at once: %.1f)%n", failed.path("parameters").path("model")
                .asText(), BROKEN, failed.path("parameters").path("server_ms").asDouble(),
                good.path("parameters").path("server_ms").asDouble());
    }

    @Test
    void aDirectRequestWhoseRunFailsGetsAClear500AtOnce() {
        long start = System.nanoTime();
        HttpResponse<String> failed = http.post("/v2/models/" + BROKEN + "/infer", request(true, 0, Map.of()));
        double ms = (System.nanoTime() - start) / 1e6;

        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
        assertThat(HttpHarness.json(failed).path("error").asText())
                .startsWith("model " + BROKEN + " failed on a batch of 1: ").contains(RUNTIME_ERROR);
        assertThat(ms).as("answered, not hung").isLessThan(5_000);
        System.out.printf("a direct request whose run fails: 500 after %.1f ms%n", ms);
    }

    @Test
    void threeFailuresInARowTakeTheMemberOutUntilATrialBringsItBack() throws Exception {
        for (int i = 0; i < LocalRotation.STRIKES; i++) {
            JsonNode rerouted = ok(zoo(true, i));
            assertThat(rerouted.path("parameters").path("rerouted_from").asText()).isEqualTo(BROKEN);
            assertThat(rerouted.path("parameters").path("model").asText()).isEqualTo("mlp");
        }
        long left = System.nanoTime();

        assertThat(metric("mdi_member_available", BROKEN)).isZero();
        assertThat(metric("mdi_member_failures_total", BROKEN)).isEqualTo(LocalRotation.STRIKES);
        assertThat(logged).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARNING);
            assertThat(line.getMessage()).contains("member " + BROKEN + " left the zoo's choices")
                    .contains(RUNTIME_ERROR);
        });
        // out of the choices: the zoo no longer tries it, and a request to it by name is refused with a retry time
        JsonNode meanwhile = ok(zoo(false, 3));
        assertThat(meanwhile.path("parameters").path("model").asText()).isEqualTo("mlp");
        assertThat(meanwhile.path("parameters").has("rerouted_from")).isFalse();
        HttpResponse<String> direct = http.post("/v2/models/" + BROKEN + "/infer", request(false, 3, Map.of()));
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(503);
        assertThat(direct.body()).contains("model " + BROKEN + " is out of service: its last 3 runs failed in ONNX"
                + " Runtime").contains(RUNTIME_ERROR);
        assertThat(direct.headers().firstValue("Retry-After")).hasValue("1");

        // after its back-off, the next request is its trial; that one succeeds, and the member is back
        JsonNode back;
        do {
            Thread.sleep(20);
            back = ok(zoo(false, 4));
        } while (!back.path("parameters").path("model").asText().equals(BROKEN)
                && System.nanoTime() - left < 10_000_000_000L);
        double outMs = (System.nanoTime() - left) / 1e6;
        assertThat(back.path("parameters").path("model").asText()).isEqualTo(BROKEN);
        // counted from when the test saw the third failure's reply, a little after the member left
        assertThat(outMs).isBetween(LocalRotation.FIRST_BACKOFF.toMillis() - 100.0,
                LocalRotation.FIRST_BACKOFF.toMillis() + 1_000.0);
        assertThat(metric("mdi_member_available", BROKEN)).isEqualTo(1);
        assertThat(logged).last().satisfies(line -> assertThat(line.getMessage())
                .isEqualTo("member " + BROKEN + " is back in the zoo's choices: its trial run succeeded"));
        System.out.printf("%d failed runs in a row: out at once; back after %.0f ms (back-off %d ms)%n",
                LocalRotation.STRIKES, outMs, LocalRotation.FIRST_BACKOFF.toMillis());
    }

    @Test
    void aFailedTrialKeepsTheMemberOutTwiceAsLong() throws Exception {
        for (int i = 0; i < LocalRotation.STRIKES; i++) {
            ok(zoo(true, i));
        }
        Thread.sleep(LocalRotation.FIRST_BACKOFF.toMillis());

        JsonNode trial = ok(zoo(true, 5));

        assertThat(trial.path("parameters").path("rerouted_from").asText()).isEqualTo(BROKEN);
        assertThat(trial.path("parameters").path("model").asText()).isEqualTo("mlp");
        assertThat(metric("mdi_member_available", BROKEN)).isZero();
        assertThat(logged).last().satisfies(line -> assertThat(line.getMessage())
                .contains("member " + BROKEN + " failed its trial run and stays out of the zoo's choices for 2.0 s")
                .contains(RUNTIME_ERROR));
        HttpResponse<String> direct = http.post("/v2/models/" + BROKEN + "/infer", request(false, 3, Map.of()));
        assertThat(direct.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void aBatchThatFailsFailsOnlyItsOwnRequestsAndEachZooRequestOfItIsAnswered() throws Exception {
        // a poisoned request and good ones at once: whichever share its batch are decided again, none is lost
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            replies.add(http.postAsync("/v2/models/fashion-faults/infer", request(i % 4 == 0, i, GENEROUS)));
        }
        for (var reply : replies) {
            JsonNode answer = ok(reply.get());
            assertThat(answer.path("parameters").path("outcome").asText()).isEqualTo("served");
        }
    }

    private HttpResponse<String> zoo(boolean poisoned, int image) {
        return http.post("/v2/models/fashion-faults/infer", request(poisoned, image, GENEROUS));
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpHarness.json(response);
    }

    /** One test image as FP32 [1, 1, 28, 28]; poisoned, one pixel holds 2.0, outside the zoo's [0, 1]. */
    private static String request(boolean poisoned, int image, Map<String, Object> parameters) {
        float[] tensor = Committed.tensor(images, image);
        if (poisoned) {
            tensor[14 * RealZoo.SIDE + 14] = 2.0f;
        }
        List<Float> data = new ArrayList<>();
        for (float value : tensor) {
            data.add(value);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("parameters", parameters);
        request.put("inputs", List.of(Map.of("name", "input", "shape", List.of(1, 1, 28, 28), "datatype", "FP32",
                "data", data)));
        return HttpHarness.json(request);
    }

    /** A member's value of a metric, as Prometheus scrapes it. */
    private double metric(String name, String model) {
        String text = http.get("/metrics").body();
        Matcher line = Pattern.compile("(?m)^" + name + "\\{[^}]*model=\"" + model + "\"[^}]*} (\\S+)$").matcher(text);
        assertThat(line.find()).as("%s of %s in%n%s", name, model, text).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
