package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mdinference.server.metrics.RequestLog;
import org.mdinference.server.model.ServedModel;

/**
 * No inference for a request already answered, none run late: a request that timed out is skipped when its queue
 * reaches it, and a member request that its queue reaches after its latest start is answered 504 without running.
 * A {@link FakeZoo} model holds its batches while requests queue behind them.
 */
class AnsweredRequestsHttpTest {

    private static final String MODEL = "/v2/models/held/infer";

    /** The model, counting the batches it starts; the count starts once the server is ready (after its warm-up). */
    record Counted(ServedModel model, AtomicInteger batches) {

        static Counted held(AtomicReference<CountDownLatch> gate) {
            ServedModel held = FakeZoo.gated("held", gate);
            AtomicInteger batches = new AtomicInteger();
            return new Counted(new ServedModel(held.name(), held.accuracy(), held.inputSpec(), held.input(),
                    held.preprocessor(), held.output(), (batch, n) -> {
                        batches.incrementAndGet();
                        return held.runner().run(batch, n);
                    }, held.profile(), held.costs()), batches);
        }
    }

    @Test
    void aRequestThatTimedOutIsNotRunWhenItsQueueReachesIt() throws Exception {
        AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
        Counted counted = Counted.held(gate);
        try (HttpHarness http = new HttpHarness(ServerConfig.builder().maxBatch(1)
                .requestTimeout(Duration.ofMillis(200)), FakeZoo.of(counted.model()))) {
            counted.batches().set(0);
            CountDownLatch held = new CountDownLatch(1);
            gate.set(held);
            CompletableFuture<HttpResponse<String>> running = http.postAsync(MODEL, FakeZoo.request(1, ""));
            http.awaitRunning("held");
            CompletableFuture<HttpResponse<String>> queued = http.postAsync(MODEL, FakeZoo.request(1, ""));
            http.awaitQueued("held", 1);

            assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
            held.countDown();
            // it ran on the thread that admitted it, which the timeout does not interrupt
            assertThat(running.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            HttpResponse<String> after = http.post(MODEL, FakeZoo.request(1, ""));
            assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
            // the one held and the one after: the queue skipped the one that timed out, which was ahead of it
            assertThat(counted.batches().get()).isEqualTo(2);
        }
    }

    @Test
    void aMemberRequestItsQueueReachesAfterItsLatestStartIsAnswered504WithoutRunning() throws Exception {
        AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
        Counted counted = Counted.held(gate);
        AtomicLong clock = new AtomicLong();
        MdiServer server = new MdiServer(ServerConfig.builder().host("127.0.0.1").port(0).maxBatch(1).build(),
                FakeZoo.of(counted.model()), clock::get, Thread::new, RequestLog.OFF);
        try (HttpHarness http = new HttpHarness(server, true)) {
            counted.batches().set(0);
            CountDownLatch held = new CountDownLatch(1);
            gate.set(held);
            CompletableFuture<HttpResponse<String>> running = http.postAsync(MODEL, FakeZoo.request(1, ""));
            http.awaitRunning("held");
            // received at 0: the budget of 50 ms less the member's mean run of 1 ms leaves a latest start of 49 ms
            CompletableFuture<HttpResponse<String>> late = http.postAsync(MODEL,
                    FakeZoo.request(1, "\"sla_ms\": 50"));
            http.awaitQueued("held", 1);
            // received at 1 ns: a latest start of 49 ms and 1 ns
            clock.set(1);
            CompletableFuture<HttpResponse<String>> justInTime = http.postAsync(MODEL,
                    FakeZoo.request(1, "\"sla_ms\": 50"));
            http.awaitQueued("held", 2);

            clock.set(49_000_001);
            held.countDown();
            HttpResponse<String> missed = late.get(10, TimeUnit.SECONDS);
            assertThat(missed.statusCode()).isEqualTo(504);
            OipSchema.error(HttpHarness.json(missed));
            assertThat(HttpHarness.json(missed).path("error").asText())
                    .isEqualTo("the queue of model held reached the request after its latest start: it would have"
                            + " finished past its budget (sla_ms - elapsed_ms - return_ms), so it did not run");
            JsonNode served = HttpHarness.json(justInTime.get(10, TimeUnit.SECONDS));
            assertThat(served.path("outputs").get(0).path("data").get(0).asDouble()).isEqualTo(10.0);
            assertThat(running.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(counted.batches().get()).isEqualTo(2);
        }
    }
}
