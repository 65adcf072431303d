package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetemCommandTest {

    private static final Pattern LISTENING = Pattern.compile("listening on localhost:(\\d+)");
    private static final long PATIENCE_MS = 10_000;

    @TempDir
    Path dir;

    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    private int mdi(String... args) {
        return Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), args);
    }

    @Test
    void helpExplainsEveryOptionWithItsDefault() {
        assertThat(mdi("netem", "--help")).isZero();

        assertThat(stdout.toString()).contains("--trace", "trace:PATH[@MBps]", "Mahimahi", "--listen", "default: 9090",
                "--target", "default: localhost:8080", "--rtt-ms", "default: 40", "--uplink-scale", "--offset-ms",
                "--fault", "stall", "reset", "--fault-at-ms", "--fault-for-ms",
                "docs/netem.md");
    }

    @Test
    void aDistributionIsNoTraceAndSaysSoInOneLine() {
        assertThat(mdi("netem", "--trace", "paper:Home")).isEqualTo(2);

        assertThat(stderr.toString()).isEqualTo("mdi netem: network 'paper:Home' draws request times from a"
                + " distribution; it has no link to shape traffic with: use trace:PATH" + System.lineSeparator());
    }

    @Test
    void aMissingTraceOrABadTargetIsAUsageError() throws IOException {
        Path trace = Files.writeString(dir.resolve("eight-mbps"), "0 8\n");

        assertThat(mdi("netem")).isEqualTo(2);
        assertThat(mdi("netem", "--trace", trace.toString(), "--target", "localhost")).isEqualTo(2);

        assertThat(stderr.toString()).contains("Missing required option: '--trace=SPEC'",
                "Invalid value for option '--target': 'localhost' is not HOST:PORT");
    }

    @Test
    void bytesGoThroughUntilTheCommandIsInterrupted() throws Exception {
        Path trace = Files.writeString(dir.resolve("eight-mbps"), "0 8\n");
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            target.setSoTimeout((int) PATIENCE_MS);
            AtomicInteger code = new AtomicInteger(-1);
            Thread netem = new Thread(() -> code.set(mdi("netem", "--listen", "0", "--target",
                    "127.0.0.1:" + target.getLocalPort(), "--trace", "trace:" + trace, "--rtt-ms", "2")));
            netem.start();

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listeningPort());
                    Socket server = target.accept()) {
                client.getOutputStream().write(42);
                assertThat(server.getInputStream().read()).isEqualTo(42);
            }
            netem.interrupt();
            netem.join(PATIENCE_MS);

            assertThat(code.get()).as(stderr.toString()).isZero();
            assertThat(stdout.toString()).contains("mdi netem: trace eight-mbps (two whitespace-separated columns",
                    "uplink:   mean 8.00 Mbit/s", "downlink: mean 8.00 Mbit/s", "base RTT: 2.0 ms, 1.0 ms each way",
                    "forwarding to 127.0.0.1:" + target.getLocalPort());
        }
    }

    @Test
    void aResetForAWhileResetsConnectionsThenTheyGoThroughAgain() throws Exception {
        Path trace = Files.writeString(dir.resolve("eight-mbps"), "0 8\n");
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            target.setSoTimeout((int) PATIENCE_MS);
            AtomicInteger code = new AtomicInteger(-1);
            Thread netem = new Thread(() -> code.set(mdi("netem", "--listen", "0", "--target",
                    "127.0.0.1:" + target.getLocalPort(), "--trace", "trace:" + trace, "--rtt-ms", "2",
                    "--fault", "reset", "--fault-for-ms", "500")));
            netem.start();
            int port = listeningPort();
            awaitOutput("fault reset from now");

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout((int) PATIENCE_MS);
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class)
                        .hasMessageContaining("reset");
            }
            awaitOutput("the fault ended; traffic flows again");
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                    Socket server = target.accept()) {
                client.getOutputStream().write(42);
                assertThat(server.getInputStream().read()).isEqualTo(42);
            }
            netem.interrupt();
            netem.join(PATIENCE_MS);
            assertThat(code.get()).as(stderr.toString()).isZero();
        }
    }

    @Test
    void anUnknownFaultIsAUsageError() throws IOException {
        Path trace = Files.writeString(dir.resolve("eight-mbps"), "0 8\n");

        assertThat(mdi("netem", "--trace", trace.toString(), "--fault", "explode")).isEqualTo(2);

        assertThat(stderr.toString()).contains("Invalid value for option '--fault': 'explode' is no fault: none,"
                + " stall or reset");
    }

    private void awaitOutput(String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + PATIENCE_MS;
        while (!stdout.toString().contains(text) && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(stdout.toString()).contains(text);
    }

    /** The port the running command says it listens on. */
    private int listeningPort() throws InterruptedException {
        long deadline = System.currentTimeMillis() + PATIENCE_MS;
        while (System.currentTimeMillis() < deadline) {
            Matcher matcher = LISTENING.matcher(stdout.toString());
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("mdi netem did not say where it listens: " + stdout + stderr);
    }
}
