package org.mdinference.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's faults on real loopback sockets: a stall holds every byte until it ends, a reset resets. */
class NetemFaultsTest {

    @TempDir
    Path dir;

    private Shaping fast() {
        return new Shaping(TestTraces.constant(dir, 80), 2, 0);
    }

    @Test
    void aStallHoldsEveryByteEitherWayAndItsEndLetsThemGoOn() throws IOException {
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(fast(), 0,
                Sockets.addressOf(target)); Sockets.Pair open = Sockets.connect(proxy, target)) {
            proxy.fault(Fault.STALL);
            assertThat(proxy.fault()).isEqualTo(Fault.STALL);
            open.client().getOutputStream().write(new byte[1_000]);
            open.server().getOutputStream().write(new byte[500]);
            // a connection made during the stall is accepted, and carries nothing either
            Sockets.Pair during = Sockets.connect(proxy, target);
            during.client().getOutputStream().write(new byte[100]);

            for (Socket quiet : new Socket[] {open.server(), open.client(), during.server()}) {
                quiet.setSoTimeout(300);
                assertThatThrownBy(() -> quiet.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                quiet.setSoTimeout((int) Sockets.PATIENCE.toMillis());
            }

            proxy.fault(Fault.NONE);
            Sockets.readExactly(open.server(), 1_000);
            Sockets.readExactly(open.client(), 500);
            Sockets.readExactly(during.server(), 100);
            during.close();
        }
    }

    @Test
    void aResetResetsEveryOpenConnectionAndEachNewOneUntilItEnds() throws IOException {
        try (ServerSocket target = Sockets.target(); NetemProxy proxy = NetemProxy.start(fast(), 0,
                Sockets.addressOf(target)); Sockets.Pair open = Sockets.connect(proxy, target)) {
            open.client().getOutputStream().write(new byte[10]);
            Sockets.readExactly(open.server(), 10);

            proxy.fault(Fault.RESET);

            // a reset, not an orderly end of the stream
            assertThatThrownBy(() -> open.client().getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            assertThatThrownBy(() -> open.server().getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                refused.setSoTimeout((int) Sockets.PATIENCE.toMillis());
                assertThatThrownBy(() -> refused.getInputStream().read()).isInstanceOf(SocketException.class)
                        .hasMessageContaining("reset");
            }

            proxy.fault(Fault.NONE);
            try (Sockets.Pair after = Sockets.connect(proxy, target)) {
                after.client().getOutputStream().write(new byte[10]);
                Sockets.readExactly(after.server(), 10);
            }
        }
    }
}
