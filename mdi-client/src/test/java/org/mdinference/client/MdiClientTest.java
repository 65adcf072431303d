package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.client.onnx.OnnxDeviceModel;
import org.mdinference.core.LinkEstimator;
import org.mdinference.netem.NetemProxy;
import org.mdinference.netem.Shaping;
import org.mdinference.onnx.Evaluator;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.protocol.OipNames;
import org.mdinference.traces.TraceSpecs;

/**
 * The client against the real server with the repository's zoo on a loopback port, the device model on ONNX
 * Runtime, and real Fashion-MNIST test images; directly, and over a relay that makes the network slow.
 *
 * <p>Most tests run the client on {@link ManualTime}: its clock stands still unless the test moves it, and deadlines
 * fire exactly when it does, so that what the real server and the real device model do takes no time on the
 * client's clock and latencies are exact. The tests of the link estimate need the real clock, since the network's
 * time is what it learns; their bounds are the relay's delays, which only a lower bound can state honestly.
 */
class MdiClientTest {

    private static final double GENEROUS_SLA = 1000;
    /** For tests on the real clock whose point is not the deadline: only a stall of a minute could reach it. */
    private static final double PATIENT_SLA = 60_000;
    private static final String MOST_ACCURATE = "resnet20_w32_tta10";

    private static ZooServer server;
    private static OnnxDeviceModel device;

    @BeforeAll
    static void start() throws Exception {
        server = new ZooServer();
        device = OnnxDeviceModel.fromZoo(Fashion.zoo());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        device.close();
    }

    /** On the real clock, the device model on the caller's thread: its answer is there before the cloud's. */
    private static MdiClient client(String url) {
        return MdiClient.builder().baseUrl(url).zoo(server.zoo()).deviceModel(device).deviceExecutor(Runnable::run)
                .build();
    }

    /** On the test's clock, the device model on the caller's thread. */
    private static MdiClient client(ManualTime time) {
        return MdiClient.builder().baseUrl(server.url).zoo(server.zoo()).deviceModel(device)
                .deviceExecutor(Runnable::run).clock(time).deadlineScheduler(time.scheduler()).build();
    }

    static Classification answer(CompletableFuture<Classification> request) throws Exception {
        return request.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aGenerousSlaGetsTheAnswerOfAZooMember() throws Exception {
        int images = 20;
        int right = 0;
        try (MdiClient client = client(new ManualTime())) {
            for (int i = 0; i < images; i++) {
                ClientInput png = Fashion.png(i);
                Classification answer = answer(client.classify(png, GENEROUS_SLA));

                assertThat(answer.source()).as("image %d: %s", i, answer).isEqualTo(Classification.Source.CLOUD);
                assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.SERVED);
                assertThat(answer.cloudModel()).hasValueSatisfying(m -> assertThat(server.members()).contains(m));
                assertThat(answer.confidence()).isBetween(0.1, 1.0);
                assertThat(answer.latencyMs()).isLessThanOrEqualTo(GENEROUS_SLA);
                assertThat(answer.cloud().replyMs().getAsDouble()).isLessThanOrEqualTo(answer.latencyMs());
                assertThat(answer.cloud().bytesSent()).isGreaterThan(ZooRequests.payloadBytes(png) + 100L);
                assertThat(answer.cloud().bytesReceived()).isGreaterThan(200);
                right += answer.label() == Fashion.label(i) ? 1 : 0;
            }
        }
        assertThat(right).as("right of %d", images).isGreaterThanOrEqualTo(images - 3);
    }

    @Test
    void aTensorGetsTheAnswerItsImageGets() throws Exception {
        RequestOptions mostAccurate = RequestOptions.DEFAULT.withPolicy("static-accuracy");
        try (MdiClient client = client(new ManualTime())) {
            for (int i = 0; i < 3; i++) {
                Classification image = answer(client.classify(Fashion.png(i), GENEROUS_SLA, mostAccurate));
                Classification tensor = answer(client.classify(Fashion.tensor(i), GENEROUS_SLA, mostAccurate));

                assertThat(tensor.cloudModel()).hasValue(MOST_ACCURATE);
                assertThat(image.cloudModel()).hasValue(MOST_ACCURATE);
                assertThat(tensor.label()).isEqualTo(image.label());
                assertThat(tensor.confidence()).isCloseTo(image.confidence(), within(1e-5));
                // 4 bytes a pixel against a PNG of a few hundred
                assertThat(tensor.cloud().bytesSent()).isGreaterThan(image.cloud().bytesSent() + 2000);
            }
        }
    }

    @Test
    void whenNoModelFitsTheDeviceAnswersWithoutWaitingForTheDeadline() throws Exception {
        // an SLA shorter than the most accurate member's mean latency leaves it no time
        double sla = 0.9 * server.meanMs(MOST_ACCURATE);
        ManualTime time = new ManualTime();
        try (MdiClient client = client(time)) {
            // the clock stands still: an answer before the deadline fired is one that did not wait for it
            Classification answer = answer(client.classify(Fashion.png(0), sla,
                    RequestOptions.DEFAULT.withPolicy("static-accuracy")));

            assertThat(answer.cloud().status()).as("%s", answer).isEqualTo(CloudOutcome.Status.NO_MODEL_FITS);
            assertThat(answer.source()).isEqualTo(Classification.Source.DEVICE);
            assertThat(answer.cloud().model()).isEmpty();
            assertThat(answer.cloud().budgetMs()).isPresent();
            assertThat(answer.latencyMs()).isZero();
            assertThat(answer.label()).isEqualTo(Evaluator.argmax(device.logits(Fashion.png(0))));
        }
    }

    @Test
    void theCloudAnswersOnlyFromMembersMoreAccurateThanTheDevicesOwnModel() throws Exception {
        ZooManifest zoo = ZooManifest.read(Fashion.zoo());
        assertThat(device.accuracy()).isEqualTo(zoo.onDevice().orElseThrow().top1());
        try (MdiClient client = client(new ManualTime())) {
            // static-latency alone would take the fastest member, linear, far less accurate than the device's model
            Classification answer = answer(client.classify(Fashion.png(0), GENEROUS_SLA,
                    RequestOptions.DEFAULT.withPolicy("static-latency")));

            assertThat(answer.source()).as("%s", answer).isEqualTo(Classification.Source.CLOUD);
            String member = answer.cloudModel().orElseThrow();
            assertThat(zoo.model(member).orElseThrow().top1()).as(member).isGreaterThan(device.accuracy());
        }
    }

    @Test
    void theLinkEstimateFillsElapsedAndReturnAndTheServerBudgetsWithThem() throws Exception {
        try (MdiClient client = client(server.url)) {
            Classification first = answer(client.classify(Fashion.png(0), PATIENT_SLA));
            // nothing known yet: the device's own time, no return trip
            assertThat(first.cloud().returnMs()).isZero();
            assertThat(first.cloud().elapsedMs()).isLessThan(first.latencyMs());
            List<Classification> later = new ArrayList<>();
            for (int i = 1; i < 6; i++) {
                later.add(answer(client.classify(Fashion.png(i), PATIENT_SLA)));
            }

            for (Classification answer : later) {
                CloudOutcome cloud = answer.cloud();
                assertThat(cloud.returnMs()).as("%s", answer).isPositive();
                assertThat(cloud.elapsedMs()).isGreaterThan(cloud.returnMs());
                assertThat(cloud.budgetMs()).hasValueCloseTo(PATIENT_SLA - cloud.elapsedMs() - cloud.returnMs(),
                        within(1e-9));
            }
            // the network's time of a request is its round trip less the server's time, within its latency
            double quickest = later.stream().mapToDouble(Classification::latencyMs).min().getAsDouble();
            assertThat(client.link().rttMs()).isPresent();
            assertThat(client.link().rttMs().getAsDouble()).isPositive().isLessThanOrEqualTo(quickest);
            assertThat(client.link().replyBytes()).isGreaterThan(200);
        }
    }

    @Test
    void manyRequestsAtOnceAreEachAnsweredByTheirOwnDeadline() throws Exception {
        double sla = 200;
        double apart = 1;
        int requests = 32;
        ManualTime time = new ManualTime();
        try (MdiClient client = client(time)) {
            List<CompletableFuture<Classification>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(client.classify(Fashion.png(i), sla));
                time.advanceMs(apart);
            }
            // every deadline falls due on the way, each at its own instant, while replies come in on OkHttp's threads
            time.advanceMs(sla);
            assertThat(time.pending()).isZero();
            int right = 0;
            for (int i = 0; i < requests; i++) {
                Classification answer = answer(answers.get(i));
                CloudOutcome.Status cloud = answer.cloud().status();
                // served in time; or late, and the device's answer exactly at the deadline; or, with the server's
                // queues full of the others, no model fits, and the device's answer before the deadline
                assertThat(cloud).as("%s", answer).isIn(CloudOutcome.Status.SERVED, CloudOutcome.Status.LATE,
                        CloudOutcome.Status.NO_MODEL_FITS);
                assertThat(answer.source()).as("%s", answer).isEqualTo(cloud == CloudOutcome.Status.SERVED
                        ? Classification.Source.CLOUD : Classification.Source.DEVICE);
                if (cloud == CloudOutcome.Status.LATE) {
                    assertThat(answer.latencyMs()).as("%s", answer).isEqualTo(sla);
                } else {
                    assertThat(answer.latencyMs()).as("%s", answer).isLessThanOrEqualTo(sla);
                }
                right += answer.label() == Fashion.label(i) ? 1 : 0;
            }
            assertThat(right).isGreaterThanOrEqualTo(requests - 5);
        }
    }

    @Test
    void overASlowLinkTheDeviceAnswersAtTheDeadlineAndTheEstimateLearnsWhatTheLinkCosts(@TempDir Path dir)
            throws Exception {
        double oneWay = 25;
        double tight = 30;
        // a link of 10 Gbit/s both ways, so that its round trip, twice the one-way delay, is all it costs
        Path fast = Files.writeString(dir.resolve("ten-gbps"), "0 10000\n");
        Shaping slowLink = new Shaping(TraceSpecs.links("trace:" + fast, 1), 2 * oneWay, 0);
        URI target = URI.create(server.url);
        try (NetemProxy slow = NetemProxy.start(slowLink, 0, new InetSocketAddress(target.getHost(), target.getPort()));
             MdiClient client = client("http://127.0.0.1:" + slow.port())) {
            // the device's answer, ready before the call is sent, at the deadline; a busy machine may fire it late
            Classification late = answer(client.classify(Fashion.png(0), tight));
            assertThat(late.source()).as("%s", late).isEqualTo(Classification.Source.DEVICE);
            assertThat(late.cloud().status()).isEqualTo(CloudOutcome.Status.LATE);
            assertThat(late.latencyMs()).isGreaterThanOrEqualTo(tight);

            // the late reply still arrives, and teaches the estimate the link's round trip
            awaitLinkKnown(client);
            assertThat(client.link().rttMs().getAsDouble()).isGreaterThanOrEqualTo(2 * oneWay);

            // now the device knows that the network alone takes more than the SLA: the cloud is not asked, and the
            // device's answer, ready before classify returns, is the answer at once
            CompletableFuture<Classification> notAsked = client.classify(Fashion.png(1), tight);
            assertThat(notAsked).isDone();
            Classification skipped = answer(notAsked);
            assertThat(skipped.cloud().status()).as("%s", skipped).isEqualTo(CloudOutcome.Status.SKIPPED);
            assertThat(skipped.cloud().reason()).hasValueSatisfying(r -> assertThat(r).contains("30.0 ms SLA"));
            assertThat(skipped.source()).isEqualTo(Classification.Source.DEVICE);
            assertThat(skipped.cloud().bytesSent()).isZero();

            // a link heard from once may have been heard at a bad moment: after 16 skipped calls, or a second
            // without a reply, one goes out all the same to measure it again; the others are skipped as before
            Thread.sleep((long) CloudSender.PROBE_AFTER_MS);
            assertProbes(client, tight);
            for (int skips = 2; skips < CloudSender.PROBE_AFTER_SKIPS; skips++) {
                assertThat(answer(client.classify(Fashion.png(1), tight)).cloud().status())
                        .isEqualTo(CloudOutcome.Status.SKIPPED);
            }
            assertProbes(client, tight);

            // with time enough, the server is told what the link takes, and budgets the rest
            double sla = PATIENT_SLA;
            Classification served = answer(client.classify(Fashion.png(2), sla));
            assertThat(served.source()).as("%s", served).isEqualTo(Classification.Source.CLOUD);
            assertThat(served.cloud().elapsedMs()).isGreaterThanOrEqualTo(oneWay);
            assertThat(served.cloud().returnMs()).isGreaterThanOrEqualTo(oneWay);
            assertThat(served.cloud().budgetMs()).hasValueCloseTo(
                    sla - served.cloud().elapsedMs() - served.cloud().returnMs(), within(1e-9));
            assertThat(served.latencyMs()).isGreaterThan(2 * oneWay);
        }
    }

    @Test
    void theReturnsSeenOverASlowLinkAreToldToTheServerWithEachRequest(@TempDir Path dir) throws Exception {
        double oneWay = 25;
        Path fast = Files.writeString(dir.resolve("ten-gbps"), "0 10000\n");
        Shaping slowLink = new Shaping(TraceSpecs.links("trace:" + fast, 1), 2 * oneWay, 0);
        URI target = URI.create(server.url);
        List<String> told = new CopyOnWriteArrayList<>();
        List<Double> serverMs = new CopyOnWriteArrayList<>();
        OkHttpClient recording = new OkHttpClient.Builder().addInterceptor(chain -> {
            Request request = chain.request();
            Buffer body = new Buffer();
            request.body().writeTo(body);
            long header = Long.parseLong(request.header(OipNames.INFERENCE_HEADER_CONTENT_LENGTH));
            told.add(body.readUtf8(header));
            Response response = chain.proceed(request);
            serverMs.add(InferReply.parse(response.peekBody(CloudCall.MAX_REPLY_BYTES).bytes()).serverMs()
                    .getAsDouble());
            return response;
        }).build();
        try (NetemProxy slow = NetemProxy.start(slowLink, 0, new InetSocketAddress(target.getHost(), target.getPort()));
             MdiClient client = MdiClient.builder().baseUrl("http://127.0.0.1:" + slow.port()).zoo(server.zoo())
                     .deviceModel(device).deviceExecutor(Runnable::run).okHttpClient(recording).build()) {
            // the first request predicts no upload, so its reply says nothing of the return; the next four do, each
            // the time its reply took beyond the elapsed time told and the server's own
            List<Double> expected = new ArrayList<>();
            for (int i = 0; i < 1 + LinkEstimator.RETURNS_NEEDED; i++) {
                assertThat(client.link().returnsMs()).as("%d replies", i).isEmpty();
                CloudOutcome cloud = answer(client.classify(Fashion.png(i), PATIENT_SLA)).cloud();
                assertThat(told.get(i)).doesNotContain("return_quantiles_ms");
                if (i > 0) {
                    double returnMs = cloud.replyMs().getAsDouble() - cloud.elapsedMs() - serverMs.get(i);
                    expected.add(Math.round(Math.max(0, returnMs) * 10) / 10.0);
                }
            }

            double[] returns = client.link().returnsMs();
            assertThat(returns).as("one per reply while fewer than 8, to a tenth of a ms")
                    .containsExactly(expected.stream().mapToDouble(Double::doubleValue).sorted().toArray());
            answer(client.classify(Fashion.png(9), PATIENT_SLA));
            assertThat(told.get(told.size() - 1)).contains("\"return_quantiles_ms\":\"" + Arrays.stream(returns)
                    .mapToObj(Double::toString).collect(Collectors.joining(",")) + "\"");
        }
    }

    @Test
    void warmingUpOpensTheConnectionOfTheFirstRequestAndRunsTheDeviceModel() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        OkHttpClient apps = new OkHttpClient.Builder().eventListener(new EventListener() {
            @Override
            public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                connections.incrementAndGet();
            }
        }).build();
        AtomicInteger deviceWarmUps = new AtomicInteger();
        DeviceModel counted = new DeviceModel() {
            @Override
            public String name() {
                return device.name();
            }

            @Override
            public float[] logits(ClientInput input) {
                return device.logits(input);
            }

            @Override
            public void warmUp() {
                deviceWarmUps.incrementAndGet();
                device.warmUp();
            }
        };
        try (MdiClient client = MdiClient.builder().baseUrl(server.url).zoo(server.zoo()).deviceModel(counted)
                .okHttpClient(apps).build()) {
            client.warmUp().get(10, TimeUnit.SECONDS);
            assertThat(connections).hasValue(1);
            assertThat(deviceWarmUps).hasValue(1);

            // the SLA is generous: this JVM is warm from other tests anyway; what the first request no longer pays
            // for is shown exactly by the connection count, and measured by hand with mdi classify (docs/android.md)
            Classification first = answer(client.classify(Fashion.png(0), GENEROUS_SLA));
            assertThat(first.source()).as("%s", first).isEqualTo(Classification.Source.CLOUD);
            assertThat(connections).as("the first request went over the warm-up's connection").hasValue(1);
        }
    }

    /** The next request's call goes out, late, and the one after is skipped again. */
    private static void assertProbes(MdiClient client, double slaMs) throws Exception {
        Classification probe = answer(client.classify(Fashion.png(1), slaMs));
        assertThat(probe.cloud().status()).as("%s", probe).isEqualTo(CloudOutcome.Status.LATE);
        assertThat(probe.cloud().bytesSent()).isPositive();
        Classification whileProbing = answer(client.classify(Fashion.png(1), slaMs));
        assertThat(whileProbing.cloud().status()).as("%s", whileProbing).isEqualTo(CloudOutcome.Status.SKIPPED);
    }

    /** Waits for the late reply to be learned from: it comes 2 x 25 ms after it was sent, or later when busy. */
    private static void awaitLinkKnown(MdiClient client) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.link().rttMs().isPresent() && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        assertThat(client.link().rttMs()).as("the late reply was learned from").isPresent();
    }
}
