package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mdinference.server.metrics.RequestLog;

/**
 * The HTTP behaviour that depends on how long a model takes, with {@link FakeZoo} models whose time the test
 * controls; see there why the real zoo cannot give it. Where the server's clock matters, the test moves it.
 */
class ControlledTimeHttpTest {

    @Test
    void aFullQueueIsAnswered503WithRetryAfter() throws Exception {
        AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
        try (HttpHarness small = new HttpHarness(ServerConfig.builder().queueCapacity(1).maxBatch(1).warmUp(false),
                FakeZoo.of(FakeZoo.gated("held", gate)))) {
            CountDownLatch held = new CountDownLatch(1);
            gate.set(held);
            CompletableFuture<HttpResponse<String>> running = small.postAsync("/v2/models/held/infer",
                    FakeZoo.request(1, ""));
            while (small.server.service().queueState("held").runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
            CompletableFuture<HttpResponse<String>> queued = small.postAsync("/v2/models/held/infer",
                    FakeZoo.request(1, ""));
            while (small.server.service().queueState("held").queuedItems() == 0) {
                Thread.onSpinWait();
            }
            HttpResponse<String> busy = small.post("/v2/models/held/infer", FakeZoo.request(1, ""));
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
            OipSchema.error(HttpHarness.json(busy));
            assertThat(HttpHarness.json(busy).path("error").asText()).contains("queue of 1 items is full");
            held.countDown();
            assertThat(running.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whileItsModelsWarmUpTheServerIsLiveButNotReady() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        try (HttpHarness warming = new HttpHarness(ServerConfig.builder().maxBatch(2),
                FakeZoo.of(FakeZoo.gated("gated", open)), false)) {
            assertThat(warming.get("/v2/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = warming.get("/v2/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(HttpHarness.json(ready).path("ready").asBoolean(true)).isFalse();
            assertThat(warming.get("/v2/models/gated/ready").statusCode()).isEqualTo(503);
            HttpResponse<String> early = warming.post("/v2/models/gated/infer", FakeZoo.request(1, ""));
            assertThat(early.statusCode()).isEqualTo(503);
            assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(HttpHarness.json(early).path("error").asText())
                    .isEqualTo("the server is warming its models up; retry in a moment");
            assertThat(warming.server.isReady()).isFalse();

            open.countDown();
            warming.server.awaitReady(Duration.ofSeconds(30));
            assertThat(warming.get("/v2/health/ready").statusCode()).isEqualTo(200);
            assertThat(warming.get("/v2/models/gated/ready").statusCode()).isEqualTo(200);
            HttpResponse<String> served = warming.post("/v2/models/gated/infer", FakeZoo.request(2, ""));
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(HttpHarness.json(served).path("outputs").get(0).path("data").toString())
                    .isEqualTo("[10.0,0.0,0.0,10.0,0.0,0.0]");
        }
    }

    @Test
    void aRequestItsModelsQueueReachesTooLateIsDecidedAgainWithTheTimeLeft() throws Exception {
        AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
        AtomicLong nanos = new AtomicLong();
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).maxBatch(1).warmUp(false).build();
        try (HttpHarness http = new HttpHarness(new MdiServer(config, FakeZoo.of(FakeZoo.gated("accurate", 0.9, 20,
                gate), FakeZoo.quick("fast", 0.6, 1)), nanos::get, Thread::new, RequestLog.OFF), true)) {
            CountDownLatch held = new CountDownLatch(1);
            gate.set(held);
            CompletableFuture<HttpResponse<String>> first = http.postAsync("/v2/models/fake/infer",
                    FakeZoo.request(1, "\"sla_ms\": 10000"));
            while (http.server.service().queueState("accurate").runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
            // as far as the server can tell, the accurate model makes it: about 20 ms ahead and 20 of its own, of 150
            CompletableFuture<HttpResponse<String>> second = http.postAsync("/v2/models/fake/infer",
                    FakeZoo.request(1, "\"sla_ms\": 150"));
            while (http.server.service().queueState("accurate").queuedItems() == 0) {
                Thread.onSpinWait();
            }
            // the batch ahead runs long: past 150 - 20 ms the queue reaches the request too late to run it there
            nanos.addAndGet(140_000_000L);
            held.countDown();

            JsonNode rerouted = HttpHarness.json(second.get(10, TimeUnit.SECONDS)).path("parameters");
            assertThat(rerouted.path("rerouted_from").asText()).isEqualTo("accurate");
            assertThat(rerouted.path("model").asText()).as("%s", rerouted).isEqualTo("fast");
            assertThat(rerouted.path("server_ms").asDouble()).as("%s", rerouted).isEqualTo(140.0);
            assertThat(rerouted.path("within_budget").asBoolean()).as("%s", rerouted).isTrue();
            JsonNode waited = HttpHarness.json(first.get(10, TimeUnit.SECONDS)).path("parameters");
            assertThat(waited.path("model").asText()).isEqualTo("accurate");
            assertThat(waited.has("rerouted_from")).isFalse();
        }
    }
}
