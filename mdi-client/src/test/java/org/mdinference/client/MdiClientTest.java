package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.client.onnx.OnnxDeviceModel;
import org.mdinference.core.Answer;
import org.mdinference.netem.NetemProxy;
import org.mdinference.netem.Shaping;
import org.mdinference.onnx.Evaluator;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.traces.TraceSpecs;

/**
 * The client against the real server with the repository's zoo on a loopback port, the device model on ONNX
 * Runtime, and real Fashion-MNIST test images; directly, and over a relay that makes the network slow.
 */
class MdiClientTest {

    /** How far past its SLA an answer may come: the deadline timer's and the answering thread's delays. */
    static final double OVERSHOOT_MS = 5;
    private static final double GENEROUS_SLA = 1000;
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

    private static MdiClient client(String url) {
        return MdiClient.builder().baseUrl(url).zoo(server.zoo()).deviceModel(device).build();
    }

    static Classification answer(CompletableFuture<Classification> request) throws Exception {
        return request.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aGenerousSlaGetsTheAnswerOfAZooMember() throws Exception {
        int images = 20;
        int right = 0;
        try (MdiClient client = client(server.url)) {
            for (int i = 0; i < images; i++) {
                ClientInput png = Fashion.png(i);
                Classification answer = answer(client.classify(png, GENEROUS_SLA));

                assertThat(answer.source()).as("image %d: %s", i, answer).isEqualTo(Answer.Source.CLOUD);
                assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.SERVED);
                assertThat(answer.cloudModel()).hasValueSatisfying(m -> assertThat(server.members()).contains(m));
                assertThat(answer.confidence()).isBetween(0.1, 1.0);
                assertThat(answer.latencyMs()).isLessThanOrEqualTo(GENEROUS_SLA);
                assertThat(answer.cloud().replyMs().getAsDouble()).isLessThanOrEqualTo(answer.latencyMs());
                assertThat(answer.cloud().bytesSent()).isGreaterThan(InferRequestBody.payloadBytes(png) + 100L);
                assertThat(answer.cloud().bytesReceived()).isGreaterThan(200);
                right += answer.label() == Fashion.label(i) ? 1 : 0;
            }
        }
        assertThat(right).as("right of %d", images).isGreaterThanOrEqualTo(images - 3);
    }

    @Test
    void aTensorGetsTheAnswerItsImageGets() throws Exception {
        RequestOptions mostAccurate = RequestOptions.DEFAULT.withPolicy("static-accuracy");
        try (MdiClient client = client(server.url)) {
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
        try (MdiClient client = client(server.url)) {
            Classification answer = answer(client.classify(Fashion.png(0), sla,
                    RequestOptions.DEFAULT.withPolicy("static-accuracy")));

            assertThat(answer.cloud().status()).as("%s", answer).isEqualTo(CloudOutcome.Status.NO_MODEL_FITS);
            assertThat(answer.source()).isEqualTo(Answer.Source.DEVICE);
            assertThat(answer.cloud().model()).isEmpty();
            assertThat(answer.cloud().budgetMs()).isPresent();
            assertThat(answer.latencyMs()).isLessThan(sla);
            assertThat(answer.label()).isEqualTo(Evaluator.argmax(device.logits(Fashion.png(0))));
        }
    }

    @Test
    void theCloudAnswersOnlyFromMembersMoreAccurateThanTheDevicesOwnModel() throws Exception {
        ZooManifest zoo = ZooManifest.read(Fashion.zoo());
        assertThat(device.accuracy()).isEqualTo(zoo.onDevice().orElseThrow().top1());
        try (MdiClient client = client(server.url)) {
            // static-latency alone would take the fastest member, linear, far less accurate than the device's model
            Classification answer = answer(client.classify(Fashion.png(0), GENEROUS_SLA,
                    RequestOptions.DEFAULT.withPolicy("static-latency")));

            assertThat(answer.source()).as("%s", answer).isEqualTo(Answer.Source.CLOUD);
            String member = answer.cloudModel().orElseThrow();
            assertThat(zoo.model(member).orElseThrow().top1()).as(member).isGreaterThan(device.accuracy());
        }
    }

    @Test
    void theLinkEstimateFillsElapsedAndReturnAndTheServerBudgetsWithThem() throws Exception {
        try (MdiClient client = client(server.url)) {
            Classification first = answer(client.classify(Fashion.png(0), GENEROUS_SLA));
            // nothing known yet: the device's own time, no return trip
            assertThat(first.cloud().returnMs()).isZero();
            assertThat(first.cloud().elapsedMs()).isLessThan(first.latencyMs());
            List<Classification> later = new ArrayList<>();
            for (int i = 1; i < 6; i++) {
                later.add(answer(client.classify(Fashion.png(i), GENEROUS_SLA)));
            }

            for (Classification answer : later) {
                CloudOutcome cloud = answer.cloud();
                assertThat(cloud.returnMs()).as("%s", answer).isPositive();
                assertThat(cloud.elapsedMs()).isGreaterThan(cloud.returnMs());
                assertThat(cloud.budgetMs()).hasValueCloseTo(GENEROUS_SLA - cloud.elapsedMs() - cloud.returnMs(),
                        within(1e-9));
            }
            double now = System.nanoTime() / 1e6;
            assertThat(client.link().knows(now)).isTrue();
            assertThat(client.link().rttMs(now)).isPositive().isLessThan(50);
            assertThat(client.link().replyBytes()).isGreaterThan(200);
        }
    }

    @Test
    void manyRequestsAtOnceAreEachAnsweredInTime() throws Exception {
        double sla = 200;
        int requests = 32;
        try (MdiClient client = client(server.url)) {
            List<CompletableFuture<Classification>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(client.classify(Fashion.png(i), sla));
            }
            int right = 0;
            for (int i = 0; i < requests; i++) {
                Classification answer = answer(answers.get(i));
                assertThat(answer.latencyMs()).as("%s", answer).isLessThanOrEqualTo(sla + OVERSHOOT_MS);
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
            Classification late = answer(client.classify(Fashion.png(0), tight));
            assertThat(late.source()).as("%s", late).isEqualTo(Answer.Source.DEVICE);
            assertThat(late.cloud().status()).isEqualTo(CloudOutcome.Status.LATE);
            assertThat(late.latencyMs()).isBetween(tight, tight + OVERSHOOT_MS);

            // the late reply still arrives, and teaches the estimate the link's round trip
            awaitLinkKnown(client);
            assertThat(client.link().rttMs(System.nanoTime() / 1e6)).isGreaterThanOrEqualTo(2 * oneWay);

            // now the device knows that the network alone takes more than the SLA: the cloud is not asked
            Classification skipped = answer(client.classify(Fashion.png(1), tight));
            assertThat(skipped.cloud().status()).as("%s", skipped).isEqualTo(CloudOutcome.Status.SKIPPED);
            assertThat(skipped.cloud().reason()).hasValueSatisfying(r -> assertThat(r).contains("30.0 ms SLA"));
            assertThat(skipped.source()).isEqualTo(Answer.Source.DEVICE);
            assertThat(skipped.latencyMs()).isLessThan(tight);
            assertThat(skipped.cloud().bytesSent()).isZero();

            // with time enough, the server is told what the link takes, and budgets the rest
            double sla = 400;
            Classification served = answer(client.classify(Fashion.png(2), sla));
            assertThat(served.source()).as("%s", served).isEqualTo(Answer.Source.CLOUD);
            assertThat(served.cloud().elapsedMs()).isGreaterThanOrEqualTo(oneWay);
            assertThat(served.cloud().returnMs()).isGreaterThanOrEqualTo(oneWay);
            assertThat(served.cloud().budgetMs()).hasValueCloseTo(
                    sla - served.cloud().elapsedMs() - served.cloud().returnMs(), within(1e-9));
            assertThat(served.latencyMs()).isGreaterThan(2 * oneWay);
        }
    }

    private static void awaitLinkKnown(MdiClient client) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!client.link().knows(System.nanoTime() / 1e6) && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        assertThat(client.link().knows(System.nanoTime() / 1e6)).as("the late reply was learned from").isTrue();
    }
}
