package org.mdinference.netem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mdinference.traces.Link;
import org.mdinference.traces.TraceLinks;

/**
 * The bytes a saturated connection gets through the proxy on the system's clock, against what the trace's link
 * carries: never more (exactly, whatever the machine does), and no less than the link carries but for the last
 * {@link #LAG_MS}, which is what a busy machine may hold the proxy's writer and the test's reader back by. When each
 * chunk is due is tested exactly, on the test's own time, in {@link NetemProxyTest} and {@link LinkScheduleTest}.
 */
class TraceShapingTest {

    private static final double RTT_MS = 40;
    /** Long enough for the trace's steps of about half a second to show, short for a test. */
    private static final double RUN_MS = 3_000;
    /** Far more than a thread that is due waits for a core on a loaded machine, and a sixth of the run. */
    private static final double LAG_MS = 500;

    /** A bulk upload over Norwegian 3G on a bus: 3.3 to 4.4 Mbit/s in this stretch, in steps of about half a second. */
    @Test
    void aThroughputTraceShapesTheUplink() throws Exception {
        TraceLinks norway = TestTraces.sharedLinks("traces/pensieve_norway_hsdpa_3g/norway_bus_1");

        assertCarriedAsTheTraceSays(new Shaping(norway, RTT_MS, 30_000), true);
    }

    /** A bulk download over Verizon LTE, Mahimahi's packet deliveries: 4 to 8 Mbit/s from one half second to the next. */
    @Test
    void aMahimahiPacketTraceShapesTheDownlink() throws Exception {
        TraceLinks verizon = TestTraces.sharedLinks("eval/mahimahi_cellular/Verizon-LTE-short.down");

        assertCarriedAsTheTraceSays(new Shaping(verizon, RTT_MS, 20_000), false);
    }

    /** What the receiver read by the end of the run, and when, on the proxy's trace clock, its first bytes came. */
    private record Received(long bytes, double firstMs, double endMs) {
    }

    /** Saturates one direction through a proxy for {@link #RUN_MS} and checks the bytes that arrived by its end. */
    private static void assertCarriedAsTheTraceSays(Shaping shaping, boolean upload) throws Exception {
        Received received;
        Thread writer;
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(shaping, 0,
                Sockets.addressOf(target)); Sockets.Pair pair = Sockets.connect(proxy, target)) {
            Socket sender = upload ? pair.client() : pair.server();
            writer = new Thread(() -> NetemProxyTest.writeFlatOut(sender, Long.MAX_VALUE, new AtomicLong()));
            writer.start();
            received = readUntil(upload ? pair.server() : pair.client(), proxy, shaping.offsetMs() + RUN_MS);
        }
        // Its socket closed, the writer stops.
        writer.join(Sockets.PATIENCE.toMillis());
        Link link = upload ? shaping.links().uplink() : shaping.links().downlink();
        double delayMs = shaping.oneWayDelayMs();
        // The proxy's first read was at its start or later, and every byte spent the delay in flight after the link
        // had pushed it through: more would be the proxy delivering early. The park rounds to the ns: one packet.
        long most = TestTraces.capacityBytes(link, shaping.offsetMs(), received.endMs() - delayMs - shaping.offsetMs())
                + LinkSchedule.SLICE_BYTES;
        // The first bytes came after the proxy's first read and the delay; from then on, the sender keeping the
        // proxy's buffer full, the link never idled.
        double busyFromMs = received.firstMs() - delayMs;
        long least = TestTraces.capacityBytes(link, busyFromMs, received.endMs() - LAG_MS - delayMs - busyFromMs);
        System.out.printf("%s %s: %d bytes arrived, the trace carries %d at most, %d allowing for %.0f ms of lag%n",
                shaping.links().name(), upload ? "uplink" : "downlink", received.bytes(), most, least, LAG_MS);

        assertThat(received.bytes()).isBetween(least, most);
    }

    /** Reads {@code receiver} until the proxy's trace clock is past {@code endMs}; the bytes read by then. */
    private static Received readUntil(Socket receiver, NetemProxy proxy, double endMs) throws IOException {
        InputStream in = receiver.getInputStream();
        byte[] buffer = new byte[64 << 10];
        long bytes = 0;
        double firstMs = Double.NaN;
        while (true) {
            int read = in.read(buffer);
            double nowMs = proxy.traceMs(System.nanoTime());
            if (read < 0) {
                throw new IOException("the stream ended at " + nowMs + " ms, before the run's end at " + endMs);
            }
            if (nowMs > endMs) {
                return new Received(bytes, firstMs, endMs);
            }
            if (bytes == 0) {
                firstMs = nowMs;
            }
            bytes += read;
        }
    }
}
