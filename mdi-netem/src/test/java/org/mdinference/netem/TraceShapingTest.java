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
 * The rate a saturated connection gets through the proxy, over a window of a few seconds, against what the
 * trace's link carries over that window (shifted back by the one-way delay the bytes spent in flight).
 */
class TraceShapingTest {

    private static final double RTT_MS = 40;
    /** The window begins once the link has been busy a while, and lasts long enough for a steady reading. */
    private static final double WINDOW_FROM_MS = 1_000;
    private static final double WINDOW_MS = 2_500;

    /** A bulk upload over Norwegian 3G on a bus: 3.3 to 4.4 Mbit/s in this stretch, in steps of about half a second. */
    @Test
    void aThroughputTraceShapesTheUplinkWithinTenPercent() throws Exception {
        TraceLinks norway = TestTraces.sharedLinks("traces/pensieve_norway_hsdpa_3g/norway_bus_1");

        double ratio = deliveredOverTrace(new Shaping(norway, RTT_MS, 30_000), true);

        assertThat(ratio).isBetween(0.9, 1.1);
    }

    /** A bulk download over Verizon LTE, Mahimahi's packet deliveries: 4 to 8 Mbit/s from one half second to the next. */
    @Test
    void aMahimahiPacketTraceShapesTheDownlinkWithinTenPercent() throws Exception {
        TraceLinks verizon = TestTraces.sharedLinks("eval/mahimahi_cellular/Verizon-LTE-short.down");

        double ratio = deliveredOverTrace(new Shaping(verizon, RTT_MS, 20_000), false);

        assertThat(ratio).isBetween(0.9, 1.1);
    }

    /**
     * Saturates one direction through a proxy and returns the bytes that arrived within the window over the bytes
     * the trace's link pushes through within it.
     */
    private static double deliveredOverTrace(Shaping shaping, boolean upload) throws Exception {
        double fromMs = shaping.offsetMs() + WINDOW_FROM_MS;
        double toMs = fromMs + WINDOW_MS;
        long delivered;
        Thread writer;
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(shaping, 0,
                Sockets.addressOf(target)); Sockets.Pair pair = Sockets.connect(proxy, target)) {
            Socket sender = upload ? pair.client() : pair.server();
            writer = new Thread(() -> NetemProxyTest.writeFlatOut(sender, Long.MAX_VALUE, new AtomicLong()));
            writer.start();
            delivered = bytesArrivedWithin(upload ? pair.server() : pair.client(), proxy, fromMs, toMs);
        }
        // Its socket closed, the writer stops.
        writer.join(Sockets.PATIENCE.toMillis());
        Link link = upload ? shaping.links().uplink() : shaping.links().downlink();
        long carried = TestTraces.capacityBytes(link, fromMs - shaping.oneWayDelayMs(), WINDOW_MS);
        double ratio = (double) delivered / carried;
        System.out.printf("%s %s: %d bytes arrived in the window, the trace carries %d: ratio %.4f%n",
                shaping.links().name(), upload ? "uplink" : "downlink", delivered, carried, ratio);
        return ratio;
    }

    /** The bytes read from {@code receiver} while the proxy's trace clock is within (fromMs, toMs]. */
    private static long bytesArrivedWithin(Socket receiver, NetemProxy proxy, double fromMs, double toMs)
            throws IOException {
        InputStream in = receiver.getInputStream();
        byte[] buffer = new byte[64 << 10];
        long inWindow = 0;
        while (true) {
            int read = in.read(buffer);
            double nowMs = proxy.traceMs(System.nanoTime());
            if (read < 0) {
                throw new IOException("the stream ended at " + nowMs + " ms, before the window's end at " + toMs);
            }
            if (nowMs > toMs) {
                return inWindow;
            }
            if (nowMs > fromMs) {
                inWindow += read;
            }
        }
    }
}
