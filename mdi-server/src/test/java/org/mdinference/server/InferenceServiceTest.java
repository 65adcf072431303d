package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mdinference.server.metrics.ServerMetrics;
import org.mdinference.server.protocol.InferRequest;
import org.mdinference.server.protocol.InferResponse;
import org.mdinference.server.protocol.InputTensor;

/** The service without HTTP: what withdrawing a request's reply does to its job. */
class InferenceServiceTest {

    private static InferRequest request(Map<String, Object> parameters) {
        return new InferRequest(Optional.empty(), parameters, List.of(new InputTensor.Floats("x",
                new long[] {1, FakeZoo.ITEM}, new float[] {1, 2, 3, 4})), false);
    }

    @Test
    void aZooRequestWhoseReplyIsWithdrawnBeforeItsQueueReachesItDoesNotRun() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        AnsweredRequestsHttpTest.Counted counted = AnsweredRequestsHttpTest.Counted.held(
                new AtomicReference<>(held));
        try (InferenceService service = new InferenceService(FakeZoo.of(counted.model()),
                ServerConfig.builder().maxBatch(1).build(), new ServerMetrics(), System::nanoTime, Thread::new)) {
            // an idle queue runs a request on the thread that sends it: this one holds another thread
            CompletableFuture<InferResponse> running = CompletableFuture.supplyAsync(
                    () -> service.infer("held", request(Map.of()), System.nanoTime()).join());
            while (service.queueState("held").runningItems()[0] == 0) {
                Thread.onSpinWait();
            }
            CompletableFuture<InferResponse> withdrawn = service.infer(FakeZoo.NAME,
                    request(Map.of("sla_ms", 10_000)), System.nanoTime());
            CompletableFuture<InferResponse> waiting = service.infer("held", request(Map.of()), System.nanoTime());
            assertThat(service.queueState("held").queuedItems()).isEqualTo(2);
            withdrawn.cancel(false);
            held.countDown();

            running.get(10, TimeUnit.SECONDS);
            assertThat(waiting.get(10, TimeUnit.SECONDS).outputs().get(0).values()[0]).isEqualTo(10f);
            assertThat(counted.batches().get()).isEqualTo(2);
        }
    }
}
