package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.client.onnx.OnnxDeviceModel;
import org.mdinference.core.LinkEstimator;
import org.mdinference.netem.Fault;
import org.mdinference.netem.NetemProxy;
import org.mdinference.netem.Shaping;
import org.mdinference.traces.TraceSpecs;

/**
 * The device answers by the deadline whatever the server does: killed mid-run, hung, resetting its connections, or
 * answering garbage; and once the fault is over, the cloud answers again. Everything on the real clock: the real
 * device model on a device thread of the client's own, real servers on loopback ports (one in a process of its own,
 * to be killed), the netem proxy playing the faults. Each answer's time is measured from the call to the moment its
 * future completes, and printed against the SLA (docs/reliability.md, Faults).
 */
class ServerFaultsTest {

    /** An SLA the cloud meets on an idle loopback, with time to spare. */
    private static final double SLA = 250;
    /**
     * How late an answer may come after its deadline on a busy machine (a timer's and a thread's wake-up): measured
     * up to 93 ms on two cores shared with three other builds.
     */
    private static final double SLACK_MS = 150;
    private static final int REQUESTS = 10;
    /**
     * The SLA of the requests that check that the cloud answers, before a fault and after it: the zoo picks the most
     * accurate member it expects to finish within the budget, and on a machine busy with other work that may come
     * late for a tight SLA, which says nothing of the fault.
     */
    private static final double CLOUD_SLA = 1000;

    @TempDir
    static Path dir;
    private static ZooServer server;
    private static OnnxDeviceModel device;

    @BeforeAll
    static void start() throws Exception {
        server = new ZooServer();
        device = OnnxDeviceModel.fromZoo(Fashion.zoo());
        device.logits(Fashion.png(0));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        device.close();
    }

    private static MdiClient client(String url) {
        return MdiClient.builder().baseUrl(url).zoo(server.zoo()).deviceModel(device).deviceThreads(1).build();
    }

    /** A link of 10 Gbit/s each way with this round trip: the trip is all it costs. */
    private static NetemProxy proxy(String url, double rttMs) throws IOException {
        Path fast = dir.resolve("ten-gbps");
        if (!Files.exists(fast)) {
            Files.writeString(fast, "0 10000\n");
        }
        URI target = URI.create(url);
        return NetemProxy.start(new Shaping(TraceSpecs.links("trace:" + fast, 1), rttMs, 0), 0,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getPort()));
    }

    /** One answer and when it came, ms after the call, measured outside the client. */
    record Timed(Classification answer, double ms) {
    }

    private static CompletableFuture<Timed> timed(MdiClient client, int image) {
        return timed(client, image, SLA);
    }

    private static CompletableFuture<Timed> timed(MdiClient client, int image, double slaMs) {
        long start = System.nanoTime();
        return client.classify(Fashion.png(image), slaMs)
                .thenApply(answer -> new Timed(answer, (System.nanoTime() - start) / 1e6));
    }

    private static Timed answer(CompletableFuture<Timed> request) throws Exception {
        return request.get(10, TimeUnit.SECONDS);
    }

    /** Requests one after the other. */
    private static List<Timed> sequential(MdiClient client, int count) throws Exception {
        List<Timed> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(answer(timed(client, i)));
        }
        return answers;
    }

    /** Every answer the device's, by the deadline and the slack; what they measured, printed. */
    private static void allFromTheDeviceInTime(String fault, List<Timed> answers, CloudOutcome.Status... cloud) {
        for (Timed timed : answers) {
            assertThat(timed.answer().source()).as("%s", timed.answer()).isEqualTo(Classification.Source.DEVICE);
            assertThat(timed.answer().cloud().status()).as("%s", timed.answer()).isIn((Object[]) cloud);
            assertThat(timed.ms()).as("%s", timed.answer()).isLessThanOrEqualTo(SLA + SLACK_MS);
        }
        double[] ms = answers.stream().mapToDouble(Timed::ms).sorted().toArray();
        System.out.printf(Locale.ROOT, "fault %-22s %2d answers, all the device's, %s; after %.1f / %.1f / %.1f ms"
                + " (min / median / max), SLA %.0f ms: the latest %+.1f ms against the deadline%n", fault,
                ms.length, Arrays.toString(answers.stream().map(t -> t.answer().cloud().status()).distinct()
                        .toArray()), ms[0], ms[ms.length / 2], ms[ms.length - 1], SLA, ms[ms.length - 1] - SLA);
    }

    /** Requests with {@link #CLOUD_SLA} until the cloud answers one, at most {@code tries}; returns how many. */
    private static int cloudAnswers(MdiClient client, int tries) throws Exception {
        for (int i = 1; i <= tries; i++) {
            if (answer(timed(client, i, CLOUD_SLA)).answer().source() == Classification.Source.CLOUD) {
                return i;
            }
        }
        throw new AssertionError("the cloud did not answer any of " + tries + " requests");
    }

    /**
     * The client warmed up and the cloud's answers seen a few times before the fault: the link estimate's round trip
     * is then the link's, not a first call's (a first call on a busy machine was once taken for a 300 ms link, which
     * kept a 250 ms SLA from asking the cloud at all: SKIPPED, not the fault's FAILED).
     */
    private static void warm(MdiClient client) throws Exception {
        client.warmUp().get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            cloudAnswers(client, 5);
        }
    }

    /** {@link #cloudAnswers} once the fault is over, and what it took, printed. */
    private static int cloudAnswersAgain(String fault, MdiClient client, int tries) throws Exception {
        long start = System.nanoTime();
        int took = cloudAnswers(client, tries);
        System.out.printf(Locale.ROOT, "fault %-22s over: the cloud answered request %d after it, %.0f ms later%n",
                fault, took, (System.nanoTime() - start) / 1e6);
        return took;
    }

    @Test
    void aHungServerLeavesTheDevicesAnswerAtTheDeadlineAndTheCloudAnswersOnceItIsBack() throws Exception {
        try (NetemProxy proxy = proxy(server.url, 2); MdiClient client = client("http://127.0.0.1:" + proxy.port())) {
            warm(client);
            double rttBefore = client.link().rttMs().getAsDouble();

            proxy.fault(Fault.STALL);
            List<Timed> stalled = sequential(client, REQUESTS);
            proxy.fault(Fault.NONE);

            allFromTheDeviceInTime("stall (hung server)", stalled, CloudOutcome.Status.LATE);
            for (Timed timed : stalled) {
                assertThat(timed.ms()).isGreaterThanOrEqualTo(SLA);
            }
            cloudAnswersAgain("stall (hung server)", client, 5);
            // the late replies held by the stall teach the estimate long trips, but its round trip stays the link's
            // least: the device keeps asking the cloud (LinkEstimator: a windowed minimum)
            assertThat(client.link().rttMs().getAsDouble()).isLessThanOrEqualTo(rttBefore);
        }
    }

    @Test
    void aStallThatTaughtTheEstimateALongTripKeepsTheDeviceFromAskingUntilAProbeMeasuresTheLinkAgain() throws Exception {
        // the client's clock is the test's: the stall lasts what the test says on it, and the window passes at once
        ManualTime time = new ManualTime();
        try (NetemProxy proxy = proxy(server.url, 2);
             MdiClient client = MdiClient.builder().baseUrl("http://127.0.0.1:" + proxy.port()).zoo(server.zoo())
                     .deviceModel(device).deviceExecutor(Runnable::run).clock(time)
                     .deadlineScheduler(time.scheduler()).build()) {
            proxy.fault(Fault.STALL);
            CompletableFuture<Classification> stalled = client.classify(Fashion.png(0), SLA);
            time.advanceMs(SLA);
            assertThat(MdiClientTest.answer(stalled).cloud().status()).isEqualTo(CloudOutcome.Status.LATE);
            // the request's first reply the device ever sees comes after a stall of 2 s: a long trip, all network
            time.advanceMs(2_000 - SLA);
            proxy.fault(Fault.NONE);
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.link().rttMs().isPresent() && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
            assertThat(client.link().rttMs()).as("the late reply was learned from").isPresent();
            assertThat(client.link().rttMs().getAsDouble()).isGreaterThan(SLA);

            // the estimate says the link alone takes more than the SLA: the cloud is not asked, for a while
            Classification skipped = MdiClientTest.answer(client.classify(Fashion.png(1), SLA));
            assertThat(skipped.cloud().status()).as("%s", skipped).isEqualTo(CloudOutcome.Status.SKIPPED);

            // a second later one call goes out all the same and measures the link, recovered: told that the upload
            // took the stall's time, the server finds no model fits, and its quick reply teaches a short trip
            time.advanceMs(CloudSender.PROBE_AFTER_MS);
            Classification probe = MdiClientTest.answer(client.classify(Fashion.png(2), SLA));
            assertThat(probe.cloud().status()).as("%s", probe).isEqualTo(CloudOutcome.Status.NO_MODEL_FITS);
            assertThat(client.link().rttMs().getAsDouble()).isLessThan(SLA);

            // and the device asks again, long before the stall's trip leaves the window
            Classification asked = MdiClientTest.answer(client.classify(Fashion.png(3), SLA));
            assertThat(asked.source()).as("%s", asked).isEqualTo(Classification.Source.CLOUD);
        }
    }

    @Test
    void aServerThatResetsItsConnectionsLeavesTheDevicesAnswerAtOnce() throws Exception {
        try (NetemProxy proxy = proxy(server.url, 2); MdiClient client = client("http://127.0.0.1:" + proxy.port())) {
            warm(client);

            proxy.fault(Fault.RESET);
            List<Timed> reset = sequential(client, REQUESTS);
            proxy.fault(Fault.NONE);

            allFromTheDeviceInTime("reset (on connect)", reset, CloudOutcome.Status.FAILED);
            cloudAnswersAgain("reset (on connect)", client, 5);
        }
    }

    @Test
    void connectionsResetMidRequestLeaveTheDevicesAnswerBeforeTheDeadline() throws Exception {
        // a round trip of 100 ms: every request is on the wire when the reset comes
        try (NetemProxy proxy = proxy(server.url, 100);
             MdiClient client = client("http://127.0.0.1:" + proxy.port())) {
            warm(client);
            List<CompletableFuture<Timed>> inFlight = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                inFlight.add(timed(client, i));
            }
            Thread.sleep(30);
            proxy.fault(Fault.RESET);
            List<Timed> reset = new ArrayList<>();
            for (CompletableFuture<Timed> request : inFlight) {
                reset.add(answer(request));
            }
            proxy.fault(Fault.NONE);

            // failed in flight; one call of ten, in one run of several, was late instead (not yet explained: its
            // bytes went out, and no reset reached it before the deadline); the device answered it by the deadline.
            // On a busy machine the ten go out over tens of ms, and the first one's reply may be back before the
            // reset: the cloud's answer in time, as it should be
            allFromTheDeviceInTime("reset (mid-request)", reset.stream()
                    .filter(timed -> timed.answer().source() != Classification.Source.CLOUD).toList(),
                    CloudOutcome.Status.FAILED, CloudOutcome.Status.LATE);
            assertThat(reset.stream().filter(timed -> timed.answer().cloud().status() == CloudOutcome.Status.FAILED))
                    .as("failed, not waited for").allSatisfy(timed -> assertThat(timed.ms()).isLessThan(SLA))
                    .hasSizeGreaterThan(REQUESTS / 2);
            cloudAnswersAgain("reset (mid-request)", client, 5);
        }
    }

    @Test
    @Timeout(120)
    void aServerKilledMidRunLeavesTheDevicesAnswerAndTheCloudAnswersOnceItIsBack() throws Exception {
        ServerProcess process = ServerProcess.start(0);
        int port = process.port;
        // a round trip of 40 ms: the requests are on their way when the server dies
        try (NetemProxy proxy = proxy(process.url(), 40);
             MdiClient client = client("http://127.0.0.1:" + proxy.port())) {
            warm(client);
            List<CompletableFuture<Timed>> inFlight = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                inFlight.add(timed(client, i));
            }
            Thread.sleep(10);
            long kill = System.nanoTime();
            process.kill();
            System.out.printf(Locale.ROOT, "the server process was gone %.0f ms after its SIGKILL%n",
                    (System.nanoTime() - kill) / 1e6);
            List<Timed> killed = new ArrayList<>();
            for (CompletableFuture<Timed> request : inFlight) {
                Timed timed = answer(request);
                // only a live server answers: on a busy machine the first requests are served before the kill,
                // though their answers may reach the client only after it
                if (timed.answer().source() != Classification.Source.CLOUD) {
                    killed.add(timed);
                }
            }
            assertThat(killed).as("requests still in flight at the kill").isNotEmpty();
            List<Timed> after = sequential(client, REQUESTS);

            // failed once the kernel has closed the dead server's sockets; late when that came after the deadline
            allFromTheDeviceInTime("killed (in flight)", killed, CloudOutcome.Status.FAILED,
                    CloudOutcome.Status.LATE);
            // refused by the proxy at once; late, once, on a machine so busy that the refusal came after the deadline
            allFromTheDeviceInTime("killed (requests after)", after, CloudOutcome.Status.FAILED,
                    CloudOutcome.Status.LATE);
            assertThat(after).anySatisfy(timed -> assertThat(timed.answer().cloud().status())
                    .isEqualTo(CloudOutcome.Status.FAILED));

            process = ServerProcess.start(port);
            cloudAnswersAgain("killed", client, 5);
        } finally {
            process.close();
        }
    }

    @Test
    void aServerThatAnswersGarbageLeavesTheDevicesAnswerAtOnce() throws Exception {
        try (RogueServer rogue = RogueServer.replying("SSH-2.0-OpenSSH_9.2\r\n");
             MdiClient client = client(rogue.url())) {
            allFromTheDeviceInTime("garbage (not HTTP)", sequential(client, REQUESTS), CloudOutcome.Status.FAILED);
        }
        String body = "<html><body>502 Bad Gateway</body></html>";
        try (RogueServer rogue = RogueServer.replying("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
             MdiClient client = client(rogue.url())) {
            List<Timed> answers = sequential(client, REQUESTS);
            allFromTheDeviceInTime("garbage (200, not JSON)", answers, CloudOutcome.Status.FAILED);
            assertThat(answers.get(0).answer().cloud().reason()).isPresent();
        }
    }
}
