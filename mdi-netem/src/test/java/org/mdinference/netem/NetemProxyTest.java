package org.mdinference.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.traces.TraceLinks;

/** The proxy on real loopback sockets: delays, half-closes, closes, buffering and counters. */
class NetemProxyTest {

    private static final double NANOS_PER_MS = 1e6;

    @TempDir
    Path dir;

    @Test
    void aSmallMessageArrivesHalfTheRttPlusItsBytesOverTheRateAfterItWasRead() throws Exception {
        // 0.8 Mbit/s: 705 bytes take 7.05 ms and 305 bytes 3.05 ms, which a clock of whole ms would make 8 and 4.
        Shaping shaping = new Shaping(TestTraces.constant(dir, 0.8), 20, 0);
        ManualTicker time = new ManualTicker();
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(shaping, 0,
                Sockets.addressOf(target), time); Sockets.Pair pair = Sockets.connect(proxy, target)) {
            pair.client().getOutputStream().write(new byte[705]);

            assertThat(proxy.traceMs(time.nextDue())).isCloseTo(10 + 7.05, within(1e-6));
            assertThat(pair.server().getInputStream().available()).as("arrived early").isZero();
            time.advanceTo(time.nextDue());
            Sockets.readExactly(pair.server(), 705);

            pair.server().getOutputStream().write(new byte[305]);

            assertThat(proxy.traceMs(time.nextDue())).isCloseTo(17.05 + 10 + 3.05, within(1e-6));
            assertThat(pair.client().getInputStream().available()).as("arrived early").isZero();
            time.advanceTo(time.nextDue());
            Sockets.readExactly(pair.client(), 305);
        }
    }

    @Test
    void anEchoOverARealTraceTakesTheRttPlusEachWaysTransfer() throws Exception {
        TraceLinks norway = TestTraces.sharedLinks("traces/pensieve_norway_hsdpa_3g/norway_bus_1");
        Shaping shaping = new Shaping(norway, 40, 30_000);
        byte[] request = new byte[600];
        ManualTicker time = new ManualTicker();
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(shaping, 0,
                Sockets.addressOf(target), time); Sockets.Pair pair = Sockets.connect(proxy, target)) {
            for (int i = 0; i < 4; i++) {
                double sentMs = proxy.traceMs(time.nanoTime());
                pair.client().getOutputStream().write(request);

                double upMs = 20 + norway.uplink().transferMs(sentMs, request.length);
                assertThat(proxy.traceMs(time.nextDue())).isCloseTo(sentMs + upMs, within(1e-6));
                time.advanceTo(time.nextDue());
                pair.server().getOutputStream().write(Sockets.readExactly(pair.server(), request.length));
                double expectedMs = upMs + 20 + norway.downlink().transferMs(sentMs + upMs, request.length);
                assertThat(proxy.traceMs(time.nextDue())).isCloseTo(sentMs + expectedMs, within(1e-6));
                time.advanceTo(time.nextDue());
                Sockets.readExactly(pair.client(), request.length);

                // the next echo meets another stretch of the trace
                time.advanceTo(time.nanoTime() + 700_000_000L);
            }
        }
    }

    @Test
    void onTheSystemsClockAMessageIsNeverEarlyNorLong() throws IOException {
        // 0.8 Mbit/s: 705 bytes take 7.05 ms
        Shaping shaping = new Shaping(TestTraces.constant(dir, 0.8), 20, 0);
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(shaping, 0,
                Sockets.addressOf(target)); Sockets.Pair pair = Sockets.connect(proxy, target)) {
            double[] excessMs = new double[5];
            for (int i = 0; i < excessMs.length; i++) {
                excessMs[i] = oneWayMs(pair.client(), pair.server(), 705) - (10 + 7.05);
            }

            // never early, to the ns the park rounds to; the best of a few trips is the proxy's own cost (thread
            // wake-ups, about 0.3 ms on an idle machine), far below what a busy one may add
            assertThat(Arrays.stream(excessMs).min().orElseThrow()).isBetween(-1e-3, 100.0);
        }
    }

    @Test
    void connectionsQueueForTheSameLink() throws IOException {
        // 8 Mbit/s: the first connection's 200 KB hold the uplink for 200 ms.
        Shaping shaping = new Shaping(TestTraces.constant(dir, 8), 10, 0);
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(shaping, 0,
                Sockets.addressOf(target)); Sockets.Pair bulk = Sockets.connect(proxy, target);
                Sockets.Pair small = Sockets.connect(proxy, target)) {
            bulk.client().getOutputStream().write(new byte[200_000]);
            // Once the bulk's first bytes arrive, the proxy has long read all of it: the rest is queued on the link.
            Sockets.readExactly(bulk.server(), 1_000);

            double smallMs = oneWayMs(small.client(), small.server(), 1_000);

            assertThat(smallMs).isGreaterThanOrEqualTo(5 + 190.0);
            Sockets.readExactly(bulk.server(), 199_000);
        }
    }

    @Test
    void aHalfCloseReachesTheOtherSideAfterTheDataAndTheRepliesStillFlow() throws IOException {
        Shaping shaping = new Shaping(TestTraces.constant(dir, 80), 30, 0);
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(shaping, 0,
                Sockets.addressOf(target)); Sockets.Pair pair = Sockets.connect(proxy, target)) {
            long closed = System.nanoTime();
            pair.client().getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
            pair.client().shutdownOutput();

            assertThat(pair.server().getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII)
                    .isEqualTo("request");
            assertThat((System.nanoTime() - closed) / NANOS_PER_MS).isGreaterThanOrEqualTo(15);
            pair.server().getOutputStream().write("reply".getBytes(StandardCharsets.US_ASCII));
            pair.server().shutdownOutput();
            assertThat(pair.client().getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII)
                    .isEqualTo("reply");
        }
    }

    @Test
    void aClosedClientEndsTheTargetsSideAndAClosedTargetTheClients() throws IOException {
        Shaping shaping = new Shaping(TestTraces.constant(dir, 80), 10, 0);
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(shaping, 0,
                Sockets.addressOf(target)); Sockets.Pair first = Sockets.connect(proxy, target);
                Sockets.Pair second = Sockets.connect(proxy, target)) {
            first.client().close();
            second.server().close();

            assertThat(Sockets.ends(first.server())).isTrue();
            assertThat(Sockets.ends(second.client())).isTrue();
        }
    }

    @Test
    void closingTheProxyEndsItsConnectionsAndStopsItsThreads() throws IOException, InterruptedException {
        Shaping shaping = new Shaping(TestTraces.constant(dir, 1), 40, 0);
        try (ServerSocket target = Sockets.target()) {
            NetemProxy proxy = NetemProxy.start(shaping, 0, Sockets.addressOf(target));
            String threadPrefix = "netem-" + proxy.port() + "-";
            try (Sockets.Pair idle = Sockets.connect(proxy, target); Sockets.Pair busy = Sockets.connect(proxy, target)) {
                // Far more than 1 Mbit/s delivers for a while: the busy connection has data queued and in flight.
                busy.client().getOutputStream().write(new byte[500_000]);
                long closing = System.nanoTime();

                proxy.close();

                assertThat((System.nanoTime() - closing) / NANOS_PER_MS).isLessThan(1_000);
                assertThat(Sockets.ends(idle.client())).isTrue();
                assertThat(Sockets.ends(idle.server())).isTrue();
                assertThat(Sockets.ends(busy.server())).isTrue();
                // the pool has terminated once close returns; its threads may take a moment more to end
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (proxyThreadAlive(threadPrefix) && System.nanoTime() < giveUp) {
                    Thread.sleep(5);
                }
                assertThat(proxyThreadAlive(threadPrefix)).as("a thread of the proxy is still alive").isFalse();
                assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), proxy.port()))
                        .isInstanceOf(IOException.class);
            }
        }
    }

    private static boolean proxyThreadAlive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().startsWith(prefix) && thread.isAlive());
    }

    @Test
    void anUnreachableTargetClosesTheClientsConnection() throws IOException {
        InetSocketAddress nobody;
        try (ServerSocket gone = Sockets.target()) {
            nobody = Sockets.addressOf(gone);
        }
        try (NetemProxy proxy = NetemProxy.start(new Shaping(TestTraces.constant(dir, 8), 0, 0), 0, nobody);
                Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            client.setSoTimeout((int) Sockets.PATIENCE.toMillis());

            assertThat(Sockets.ends(client)).isTrue();
        }
    }

    @Test
    void aReceiverThatDoesNotReadHoldsTheSenderBackInsteadOfFillingTheProxy() throws Exception {
        Shaping fast = new Shaping(TestTraces.constant(dir, 8_000), 0, 0);
        AtomicLong written = new AtomicLong();
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(fast, 0,
                Sockets.addressOf(target)); Sockets.Pair pair = Sockets.connect(proxy, target)) {
            Thread sender = new Thread(() -> writeFlatOut(pair.client(), 256 << 20, written));
            sender.start();

            // Kernel socket buffers on the way take tens of MB; the proxy adds its 4 MiB per direction. A proxy that
            // read on regardless would take the 256 MB within this second, or fail for want of memory, ending the
            // sender either way; a slow machine can only make the sender slower.
            sender.join(1_000);

            assertThat(sender.isAlive()).as("the sender is held back").isTrue();
            assertThat(written.get()).isLessThan(128 << 20);
            pair.client().close();
            sender.join(Sockets.PATIENCE.toMillis());
        }
    }

    @Test
    void theCountersSayWhatWasDeliveredEachWay() throws IOException {
        Shaping shaping = new Shaping(TestTraces.constant(dir, 80), 2, 0);
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(shaping, 0,
                Sockets.addressOf(target)); Sockets.Pair pair = Sockets.connect(proxy, target)) {
            pair.client().getOutputStream().write(new byte[10_000]);
            Sockets.readExactly(pair.server(), 10_000);
            pair.server().getOutputStream().write(new byte[5_000]);
            Sockets.readExactly(pair.client(), 5_000);

            assertThat(proxy.bytesUp()).isEqualTo(10_000);
            assertThat(proxy.bytesDown()).isEqualTo(5_000);
        }
    }

    /** How long {@code bytes} written to {@code from} take to come out of {@code to}, ms. */
    private static double oneWayMs(Socket from, Socket to, int bytes) throws IOException {
        long sent = System.nanoTime();
        from.getOutputStream().write(new byte[bytes]);
        Sockets.readExactly(to, bytes);
        return (System.nanoTime() - sent) / NANOS_PER_MS;
    }

    /** Writes up to {@code limit} bytes as fast as the socket takes them, counting them, until it fails or closes. */
    static void writeFlatOut(Socket socket, long limit, AtomicLong written) {
        byte[] block = new byte[64 << 10];
        try {
            OutputStream out = socket.getOutputStream();
            while (written.get() < limit) {
                out.write(block);
                written.addAndGet(block.length);
            }
        } catch (IOException e) {
            // the test closed the socket: writing is over
        }
    }
}
