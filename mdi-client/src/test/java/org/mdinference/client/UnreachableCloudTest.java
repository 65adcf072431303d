package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdinference.client.onnx.OnnxDeviceModel;
import org.mdinference.core.Answer;
import org.mdinference.onnx.Evaluator;

/**
 * Whatever the server does, the answer comes by the deadline: no server, a server that never replies, a server that
 * replies garbage or an error. Real sockets on loopback, the real device model.
 */
class UnreachableCloudTest {

    private static final double SLA = 60;
    private static final double OVERSHOOT_MS = MdiClientTest.OVERSHOOT_MS;

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

    private static MdiClient client(String url) {
        return MdiClient.builder().baseUrl(url).zoo("fashion").deviceModel(device).build();
    }

    /** The device's answer, as soon as it is ready: the cloud call failed early, for the reason given. */
    private static void answeredByTheDeviceEarly(String url, String reason) throws Exception {
        try (MdiClient client = client(url)) {
            for (int i = 0; i < 5; i++) {
                Classification answer = MdiClientTest.answer(client.classify(Fashion.png(i), SLA));
                assertThat(answer.source()).as("%s", answer).isEqualTo(Answer.Source.DEVICE);
                assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.FAILED);
                assertThat(answer.cloud().reason()).hasValueSatisfying(r -> assertThat(r).contains(reason));
                assertThat(answer.latencyMs()).isLessThan(SLA / 2);
                assertThat(answer.label()).isEqualTo(Evaluator.argmax(device.logits(Fashion.png(i))));
            }
        }
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
    void aServerThatNeverRepliesLeavesTheDevicesAnswerAtTheDeadline() throws Exception {
        try (RogueServer silent = RogueServer.silent(); MdiClient client = client(silent.url())) {
            for (int i = 0; i < 8; i++) {
                Classification answer = MdiClientTest.answer(client.classify(Fashion.png(i), SLA));
                assertThat(answer.source()).as("%s", answer).isEqualTo(Answer.Source.DEVICE);
                assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.LATE);
                assertThat(answer.latencyMs()).isBetween(SLA, SLA + OVERSHOOT_MS);
                assertThat(answer.cloud().bytesSent()).isPositive();
                assertThat(answer.cloud().bytesReceived()).isZero();
            }
        }
    }

    @Test
    void aServerThatNeverRepliesIsLeftFewCallsToHoldOpen() throws Exception {
        try (RogueServer silent = RogueServer.silent(); MdiClient client = client(silent.url())) {
            for (int i = 0; i < 30; i++) {
                MdiClientTest.answer(client.classify(Fashion.png(i), 5));
            }
            // the first few wait for a reply that might teach the link estimate; the others were cancelled
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (silent.openConnections() > CloudSender.MAX_LATE_CALLS && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
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
        try (RogueServer silent = RogueServer.silent();
             MdiClient client = MdiClient.builder().baseUrl(silent.url()).zoo("fashion").deviceModel(broken)
                     .build()) {
            ClientInput png = Fashion.png(0);
            long start = System.nanoTime();
            CompletableFuture<Long> failedAt = client.classify(png, SLA)
                    .handle((answer, failure) -> {
                        assertThat(failure).isInstanceOf(NoAnswerException.class)
                                .hasMessageContaining("the accelerator is gone");
                        return System.nanoTime();
                    });

            assertThat((failedAt.get(10, TimeUnit.SECONDS) - start) / 1e6).isBetween(SLA, SLA + OVERSHOOT_MS);
        }
    }

    @Test
    void closingTheClientFailsTheRequestsStillOpen() throws Exception {
        try (RogueServer silent = RogueServer.silent()) {
            MdiClient client = client(silent.url());
            CompletableFuture<Classification> open = client.classify(Fashion.png(0), 60_000);
            client.close();

            assertThat(open).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(NoAnswerException.class).withMessageContaining("closed");
            assertThatThrownBy(() -> client.classify(Fashion.png(0), 100))
                    .isInstanceOf(IllegalStateException.class).hasMessage("the client is closed");
            client.close();
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
        try (MdiClient client = client("http://localhost:1")) {
            assertThatThrownBy(() -> client.classify(Fashion.png(0), 0)).hasMessageContaining("positive");
            assertThatThrownBy(() -> client.classify(Fashion.png(0), Double.NaN)).hasMessageContaining("NaN");
            assertThatThrownBy(() -> RequestOptions.DEFAULT.withPolicy("fastest"))
                    .hasMessageContaining("unknown policy 'fastest'");
        }
    }
}
