package org.mdinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.mdinference.client.onnx.OnnxDeviceModel;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.model.ServedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the whole system must keep, measured as {@code mdi demo} measures it: the real server with the committed zoo,
 * devices running the real SDK and on-device model behind proxies shaped by the bundled real traces, labelled test
 * images. A run takes about a minute on a busy 2-core machine (each cell starts its devices afresh), past the
 * suite's default timeout.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DemoTest {

    private static final List<String> COMPARED = List.of("mdinference", "expected-accuracy", "static-accuracy",
            "static-latency");

    private static OnnxDeviceModel device;
    private static IdxDataset test;

    @BeforeAll
    static void load() throws Exception {
        device = OnnxDeviceModel.fromZoo(Committed.zoo());
        test = IdxDataset.testSplit(Committed.testSplit());
        // In mdi-cli, the command's own demo ran before these and left the JVM warm; a short run does the same here,
        // so that no band below measures classes and connections met for the first time.
        try (MdiServer server = startServer()) {
            run(server, new DemoSettings(List.of(Committed.root().resolve("data/traces/5gophers_walking").toString()),
                    List.of("mdinference"), List.of(150.0), 2, 8, 40, 1.0, DemoSettings.Payload.PNG, 1));
        }
    }

    @AfterAll
    static void close() {
        device.close();
    }

    private static MdiServer startServer() throws Exception {
        return CommittedZooServer.start(ServerConfig.builder());
    }

    private static List<DemoRow> run(MdiServer server, DemoSettings settings) throws Exception {
        DemoImages images = DemoImages.sample(test, settings.images(), settings.payload(),
                server.service().zoo().members().stream().map(ServedModel::preprocessor).toList(), settings.seed());
        return new DemoRun(settings, new InetSocketAddress("127.0.0.1", server.port()), "fashion", device, images)
                .run(row -> { });
    }

    @Test
    void underEveryBundledTraceTheDeviceKeepsTheSlaAndMdinferenceIsTheMostAccurate() throws Exception {
        DemoSettings settings = new DemoSettings(DemoSettings.bundledNetworks(Committed.root()), COMPARED,
                List.of(70.0, 150.0), 6, 120, 40, 1.0, DemoSettings.Payload.PNG, 1);
        List<DemoRow> rows;
        double lagMs;
        try (MdiServer server = startServer(); Lag lag = new Lag()) {
            rows = run(server, settings);
            lagMs = lag.allowanceMs();
        }

        assertThat(rows).hasSize(3 * COMPARED.size() * 2);
        rows.forEach(row -> System.out.printf("%s %s %.0f: p99 %.1f ms over the SLA%n", row.network(), row.policy(),
                row.slaMs(), row.p99LatencyMs() - row.slaMs()));
        for (DemoRow row : rows) {
            assertThat(row.p99LatencyMs()).as("%s, the machine's lag %.1f ms", row, lagMs)
                    .isLessThanOrEqualTo(row.slaMs() + DemoSettings.GRACE_MS + lagMs);
            assertThat(row.requests()).isEqualTo(120);
        }
        Map<String, DemoRow> byCell = rows.stream()
                .collect(Collectors.toMap(row -> row.network() + "@" + row.slaMs() + ":" + row.policy(),
                        Function.identity()));
        // image by image on the same 120 images, MDInference is never clearly less accurate than a static policy:
        // a point or two either way is chance on 120 images (README's run of 400 images a cell shows the gap)
        for (DemoRow row : rows) {
            if (row.policy().equals("mdinference")) {
                for (String other : List.of("static-latency", "static-accuracy")) {
                    DemoRow baseline = byCell.get(row.network() + "@" + row.slaMs() + ":" + other);
                    assertThat(row.clearlyLessAccurateThan(baseline)).as("%s against %s", row, baseline).isFalse();
                }
            }
        }
        everyPolicyMetTheSameImagesInTheSameOrder(rows, 6, 120);
        // expected-accuracy, pooled over the 6 cells (720 pairs), is not less accurate than the paper's rule beyond
        // what chance gives once in a thousand runs (docs: thousands of images tell them apart by a point)
        PairedComparison pooled = PairedComparison.against("mdinference", rows).stream()
                .filter(c -> c.arm().equals("expected-accuracy") && c.network().equals(PairedComparison.ALL))
                .findFirst().orElseThrow();
        System.out.println("expected-accuracy against mdinference, pooled: " + pooled.pairs());
        assertThat(pooled.pairs().images()).isEqualTo(6 * 120);
        assertThat(pooled.pairs().onlyA() >= pooled.pairs().onlyB() || pooled.pairs().mcNemarP() > 0.001)
                .as("%s", pooled).isTrue();
    }

    /**
     * What pairs two cells image by image: each device sent the same images in the same order under every policy
     * and SLA of a network, and every image of the sample was sent once per cell.
     */
    private static void everyPolicyMetTheSameImagesInTheSameOrder(List<DemoRow> rows, int devices, int images) {
        Map<String, List<List<Integer>>> firstOfNetwork = new HashMap<>();
        for (DemoRow row : rows) {
            List<List<Integer>> sequence = row.records().stream()
                    .sorted(Comparator.comparingInt(RequestRecord::device)
                            .thenComparingInt(RequestRecord::request))
                    .map(r -> List.of(r.device(), r.request(), r.image())).toList();
            assertThat(sequence).hasSize(images);
            assertThat(sequence.stream().map(step -> step.get(2))).as("%s", row)
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, images).boxed().toList());
            assertThat(sequence.stream().map(step -> step.get(0)).distinct()).hasSize(devices);
            List<List<Integer>> first = firstOfNetwork.putIfAbsent(row.network(), sequence);
            if (first != null) {
                assertThat(sequence).as("%s %s %.0f ms against the network's first cell", row.network(),
                        row.policy(), row.slaMs()).isEqualTo(first);
            }
            BitSet correct = new BitSet();
            row.records().forEach(r -> correct.set(r.image(), r.correct()));
            assertThat(correct).isEqualTo(row.correct());
        }
    }

    /**
     * {@code mdi demo --gate both} in small: each cell twice, without and with the device's confidence gate, on the
     * same held-out images in the same order; a gated request makes no call and sends no byte, every other is a call.
     */
    @Test
    void withTheGateBothArmsMeetTheSameImagesAndAGatedRequestSendsNothing() throws Exception {
        DemoSettings settings = new DemoSettings(
                List.of(Committed.root().resolve("data/traces/5gophers_walking").toString()), List.of("mdinference"),
                List.of(150.0), 2, 40, 40, 1.0, DemoSettings.Payload.PNG, 1, DemoSettings.Gate.BOTH, 0.0025);
        List<DemoRow> rows;
        DemoImages images;
        try (MdiServer server = startServer()) {
            images = DemoImages.sample(test, 5000, 10_000, settings.images(), settings.payload(),
                    server.service().zoo().members().stream().map(ServedModel::preprocessor).toList(),
                    settings.seed());
            rows = new DemoRun(settings, new InetSocketAddress("127.0.0.1", server.port()), "fashion", device,
                    images).run(row -> { });
        }

        assertThat(IntStream.range(0, 40).map(images::testIndex)).as("the images the gate was not fit on")
                .allMatch(i -> i >= 5000 && i < 10_000);
        assertThat(rows).extracting(DemoRow::gate).containsExactly(false, true);
        everyPolicyMetTheSameImagesInTheSameOrder(rows, 2, 40);
        DemoRow off = rows.get(0);
        DemoRow on = rows.get(1);
        assertThat(off.records()).noneMatch(RequestRecord::gated);
        assertThat(off.cloudRequests()).as("%s", off)
                .isEqualTo(off.records().stream().filter(r -> !r.cloud().equals("skipped")).count());
        List<RequestRecord> gated = on.records().stream().filter(RequestRecord::gated).toList();
        // at 0.25 points allowed the device answers about three in four held-out images alone
        assertThat(gated).as("%s", on).hasSizeBetween(10, 39);
        for (RequestRecord r : gated) {
            assertThat(r.bytesSent()).as("%s", r).isZero();
            assertThat(r.onDevice()).as("%s", r).isTrue();
            assertThat(r.cloudModel()).isEmpty();
        }
        assertThat(on.records()).filteredOn(r -> !r.gated()).allMatch(r -> r.bytesSent() > 0, "sent bytes");
        // counted where the calls start: the gated requests made none
        assertThat(on.cloudRequests()).as("%s", on).isEqualTo(on.records().size() - gated.size());
        assertThat(on.bytesSent()).isLessThan(off.bytesSent());
        GateComparison both = GateComparison.of(rows).get(0);
        assertThat(both.requestsRatio()).isGreaterThan(1.5);
        assertThat(both.pairs().images()).isEqualTo(40);
    }

    @Test
    void whenTheServerStopsInTheMiddleOfARunEveryRequestIsStillAnsweredInTime() throws Exception {
        DemoSettings settings = new DemoSettings(
                List.of(Committed.root().resolve("data/traces/norway_3g_bus_11").toString()),
                List.of("mdinference"), List.of(100.0), 4, 160, 40, 1.0, DemoSettings.Payload.PNG, 2);
        MdiServer server = startServer();
        List<DemoRow> rows;
        double lagMs;
        try (Lag lag = new Lag()) {
            // 40 requests a device, each ~60-100 ms: on a quiet machine the server goes away about a third of the
            // way through, on a busy one earlier
            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
            rows = run(server, settings);
            stop.get(10, TimeUnit.SECONDS);
            lagMs = lag.allowanceMs();
        } finally {
            server.close();
        }

        DemoRow row = rows.get(0);
        assertThat(row.p99LatencyMs()).as("%s, the machine's lag %.1f ms", row, lagMs)
                .isLessThanOrEqualTo(row.slaMs() + DemoSettings.GRACE_MS + lagMs);
        assertThat(row.onDeviceReliance()).as("the device answered after the server stopped: %s", row)
                .isGreaterThan(0.3);
    }

    /**
     * How late a thread that parks for a millisecond wakes while the run goes on: what the machine holds a due thread
     * back by. The demo counts an answer within its SLA and a grace of {@value DemoSettings#GRACE_MS} ms, a timer's
     * jitter on a quiet machine; on a busy one a device's answer at its deadline waits for its deadline timer's
     * wake-up, then for the thread that takes the answer, and the test allows what the probe saw at worst, lest it
     * measure the machine rather than the system. (On two cores also running two busy loops and five other builds,
     * answers came up to 70 ms past their SLA at the 99th percentile; the probe saw 5 to 16 ms at its 99th and 300
     * to 420 ms at worst.)
     */
    private static final class Lag implements AutoCloseable {
        private static final long PARK_NANOS = 1_000_000;
        private final List<Long> lateNanos = new ArrayList<>();
        private volatile boolean running = true;
        private final Thread probe = new Thread(this::probe, "demo-test-lag");

        Lag() {
            probe.setDaemon(true);
            probe.start();
        }

        private void probe() {
            while (running) {
                long parked = System.nanoTime();
                LockSupport.parkNanos(PARK_NANOS);
                long late = System.nanoTime() - parked - PARK_NANOS;
                synchronized (lateNanos) {
                    lateNanos.add(late);
                }
            }
        }

        /** The latest wake-up the probe saw. */
        double allowanceMs() {
            long[] sorted;
            synchronized (lateNanos) {
                sorted = lateNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            if (sorted.length == 0) {
                return 0;
            }
            System.out.printf("a parked thread woke late by %.2f ms (p50), %.2f ms (p99), %.2f ms (max)%n",
                    sorted[sorted.length / 2] / 1e6, sorted[(int) (0.99 * (sorted.length - 1))] / 1e6,
                    sorted[sorted.length - 1] / 1e6);
            return sorted[sorted.length - 1] / 1e6;
        }

        @Override
        public void close() {
            running = false;
        }
    }
}
