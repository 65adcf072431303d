package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdinference.client.onnx.OnnxDeviceModel;
import org.mdinference.onnx.Evaluator;

/**
 * Whatever the server does, the answer comes by the deadline: no server, a server that never replies, a server that
 * replies garbage or an error. Real sockets on loopback, the real device model, on the caller's thread; the client's
 * clock and deadlines are the test's ({@link ManualTime}), so that "at the deadline" and "before it" are exact.
 */
class UnreachableCloudTest {

    private static final double SLA = 60;
    /** How long a test waits for what real sockets and threads do, however slowly: not a bound on the answer. */
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static OnnxDeviceModel device;

    @BeforeAll
    static void load() throws Exception {
        device = OnnxDeviceModel.fromZoo(Fashion.zoo());
        // the first inference of a session is slow: not what these tests measure
        device.logits(Fashion.png(0));
    }

    @AfterAll
    static void close() {
        device.close();
    }

    private static MdiClient.Builder builder(String url, ManualTime time) {
        return MdiClient.builder().baseUrl(url).zoo("fashion").deviceModel(device).deviceExecutor(Runnable::run)
                .clock(time).deadlineScheduler(time.scheduler());
    }

    private static MdiClient client(String url, ManualTime time) {
        return builder(url, time).build();
    }

    /**
     * The device's answer as soon as the cloud call failed, for the reason given: with the clock standing still, the
     * deadline never fires, and the answer comes all the same.
     */
    private static void answeredByTheDeviceEarly(String url, String reason) throws Exception {
        ManualTime time = new ManualTime();
        try (MdiClient client = client(url, time)) {
            for (int i = 0; i < 5; i++) {
                Classification answer = MdiClientTest.answer(client.classify(Fashion.png(i), SLA));
                assertThat(answer.source()).as("%s", answer).isEqualTo(Classification.Source.DEVICE);
                assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.FAILED);
                assertThat(answer.cloud().reason()).hasValueSatisfying(r -> assertThat(r).contains(reason));
                assertThat(answer.latencyMs()).isZero();
                assertThat(answer.label()).isEqualTo(Evaluator.argmax(device.logits(Fashion.png(i))));
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + PATIENCE_NANOS;
        while (!condition.getAsBoolean() && System.nanoTime() < giveUp) {
            Thread.sleep(1);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void noServerListening() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        answeredByTheDeviceEarly("http://127.0.0.1:" + closedPort, "ConnectException");
    }

    @Test
    void aServerThatRepliesWhatIsNotHttp() throws Exception {
        try (RogueServer rogue = RogueServer.replying("SSH-2.0-OpenSSH_9.2\r\n")) {
            answeredByTheDeviceEarly(rogue.url(), "ProtocolException");
        }
    }

    @Test
    void aServerThatRepliesWhatIsNotAnAnswer() throws Exception {
        String body = "{\"nonsense\": [1, 2";
        try (RogueServer rogue = RogueServer.replying("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)) {
            answeredByTheDeviceEarly(rogue.url(), "not an inference reply");
        }
    }

    @Test
    void aServerThatRefuses() throws Exception {
        String body = "{\"error\": \"model fashion is busy: its queue of 1024 items is full; retry later\"}";
        try (RogueServer rogue = RogueServer.replying("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)) {
            answeredByTheDeviceEarly(rogue.url(), "HTTP 503: model fashion is busy");
        }
    }

    @Test
    void warmingUpSaysWhyTheServerCannotBeUsed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (MdiClient client = client("http://127.0.0.1:" + closedPort, new ManualTime())) {
            assertThat(client.warmUp()).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(IOException.class)
                    .withMessageContaining("Failed to connect");
        }
        String body = "{\"ready\": false}";
        try (RogueServer starting = RogueServer.replying("HTTP/1.1 503 Service Unavailable\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
             MdiClient client = client(starting.url(), new ManualTime())) {
            assertThat(client.warmUp()).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(IOException.class)
                    .withMessageContaining("is not ready: HTTP 503");
        }
    }

    @Test
    void aServerThatNeverRepliesLeavesTheDevicesAnswerAtTheDeadline() throws Exception {
        ManualTime time = new ManualTime();
        try (RogueServer silent = RogueServer.silent(); MdiClient client = client(silent.url(), time)) {
            for (int i = 0; i < 8; i++) {
                CompletableFuture<Classification> request = client.classify(Fashion.png(i), SLA);
                int sent = i + 1;
                await("the server has read request " + sent, () -> silent.requestsRead() >= sent);
                time.advanceMs(SLA - 0.001);
                assertThat(request).as("just before the deadline").isNotDone();
                time.advanceMs(0.001);

                Classification answer = MdiClientTest.answer(request);
                assertThat(answer.source()).as("%s", answer).isEqualTo(Classification.Source.DEVICE);
                assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.LATE);
                assertThat(answer.latencyMs()).isCloseTo(SLA, within(1e-6));
                assertThat(answer.cloud().bytesSent()).isPositive();
                assertThat(answer.cloud().bytesReceived()).isZero();
            }
        }
    }

    @Test
    void aServerThatNeverRepliesIsLeftFewCallsToHoldOpen() throws Exception {
        ManualTime time = new ManualTime();
        // a grace longer than the test, so that the calls kept late are still open when counted
        try (RogueServer silent = RogueServer.silent();
             MdiClient client = builder(silent.url(), time).lateReplyGraceMs(600_000).build()) {
            for (int i = 0; i < 30; i++) {
                CompletableFuture<Classification> request = client.classify(Fashion.png(i), 5);
                time.advanceMs(5);
                MdiClientTest.answer(request);
            }
            // the first few wait for a reply that might teach the link estimate; the others were cancelled
            await("at most " + CloudSender.MAX_LATE_CALLS + " connections open",
                    () -> silent.openConnections() <= CloudSender.MAX_LATE_CALLS);
            assertThat(silent.openConnections()).isEqualTo(CloudSender.MAX_LATE_CALLS);
        }
    }

    @Test
    void aFailingDeviceModelAndASilentServerFailTheRequestAtTheDeadline() throws Exception {
        DeviceModel broken = new DeviceModel() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public float[] logits(ClientInput input) throws IOException {
                throw new IOException("the accelerator is gone");
            }
        };
        ManualTime time = new ManualTime();
        try (RogueServer silent = RogueServer.silent();
             MdiClient client = builder(silent.url(), time).deviceModel(broken).build()) {
            CompletableFuture<Classification> request = client.classify(Fashion.png(0), SLA);
            time.advanceMs(SLA - 0.001);
            assertThat(request).as("just before the deadline").isNotDone();
            time.advanceMs(0.001);

            assertThat(request).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(NoAnswerException.class)
                    .withMessageContaining("the accelerator is gone");
        }
    }

    @Test
    void closingTheClientFailsTheRequestsStillOpen() throws Exception {
        ManualTime time = new ManualTime();
        try (RogueServer silent = RogueServer.silent()) {
            MdiClient client = client(silent.url(), time);
            CompletableFuture<Classification> open = client.classify(Fashion.png(0), 60_000);
            client.close();

            // failed by close itself, and its deadline taken out of the scheduler the app owns
            assertThat(time.pending()).isZero();
            assertThat(open).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(NoAnswerException.class).withMessageContaining("closed");
            assertThatThrownBy(() -> client.classify(Fashion.png(0), 100))
                    .isInstanceOf(IllegalStateException.class).hasMessage("the client is closed");
            client.close();
        }
    }

    @Test
    void aDeviceExecutorThatRefusesLeavesTheRequestToTheCloud() throws Exception {
        ManualTime time = new ManualTime();
        try (RogueServer silent = RogueServer.silent();
             MdiClient client = builder(silent.url(), time).deviceExecutor(work -> {
                 throw new RejectedExecutionException("the app's pool is full");
             }).build()) {
            CompletableFuture<Classification> request = client.classify(Fashion.png(0), SLA);
            time.advanceMs(SLA);

            assertThat(request).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(NoAnswerException.class)
                    .withMessageContaining("the app's pool is full");
        }
    }

    @Test
    void closingTheClientLeavesTheExecutorsItWasGivenRunning() throws Exception {
        ExecutorService apps = Executors.newSingleThreadExecutor();
        ManualTime time = new ManualTime();
        try {
            // the test's scheduler refuses to be shut down: close would throw
            MdiClient client = builder("http://localhost:1", time).deviceExecutor(apps).build();
            client.close();
            assertThat(apps.isShutdown()).isFalse();
        } finally {
            apps.shutdown();
        }
    }

    @Test
    void theBuilderNamesWhatIsWrong() {
        assertThatThrownBy(() -> MdiClient.builder().zoo("fashion").deviceModel(device).build())
                .hasMessageContaining("base URL is required");
        assertThatThrownBy(() -> MdiClient.builder().baseUrl("localhost:8080").zoo("fashion").deviceModel(device)
                .build()).hasMessageContaining("http or https URL").hasMessageContaining("'localhost:8080'");
        assertThatThrownBy(() -> MdiClient.builder().baseUrl("http://localhost").deviceModel(device).build())
                .hasMessageContaining("zoo's name");
        assertThatThrownBy(() -> MdiClient.builder().baseUrl("http://localhost").zoo("fashion").build())
                .hasMessageContaining("device model");
        assertThatThrownBy(() -> MdiClient.builder().baseUrl("http://localhost").zoo("fashion").deviceModel(device)
                .deviceThreads(0).build()).hasMessageContaining("at least 1, got 0");
        assertThatThrownBy(() -> MdiClient.builder().baseUrl("http://localhost").zoo("fashion").deviceModel(device)
                .lateReplyGraceMs(-1).build()).hasMessageContaining("grace");
        assertThatThrownBy(() -> MdiClient.builder().baseUrl("http://localhost").zoo("fashion").deviceModel(device)
                .deviceThreads(2).deviceExecutor(Runnable::run).build())
                .hasMessageContaining("device threads or a device executor, not both");
        MdiClient closed = client("http://localhost:1", new ManualTime());
        closed.close();
        assertThatThrownBy(closed::warmUp).isInstanceOf(IllegalStateException.class)
                .hasMessage("the client is closed");
        try (MdiClient client = client("http://localhost:1", new ManualTime())) {
            assertThatThrownBy(() -> client.classify(Fashion.png(0), 0)).hasMessageContaining("positive");
            assertThatThrownBy(() -> client.classify(Fashion.png(0), Double.NaN)).hasMessageContaining("NaN");
            assertThatThrownBy(() -> RequestOptions.DEFAULT.withPolicy("fastest"))
                    .hasMessageContaining("unknown policy 'fastest'");
        }
    }
}
