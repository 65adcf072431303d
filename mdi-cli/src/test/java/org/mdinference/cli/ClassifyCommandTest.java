package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;

/** {@code mdi classify} on PNGs of labelled test images, against a real server on the committed zoo, and without. */
class ClassifyCommandTest {

    private static final int IMAGES = 4;

    private static MdiServer server;
    private static String url;
    private static IdxDataset test;
    private static List<String> labels;
    @TempDir
    static Path dir;
    private static String[] files;

    @BeforeAll
    static void start() throws Exception {
        server = CommittedZooServer.start(ServerConfig.builder().maxBatch(4).intraOpThreads(1)
                .warmUp(false));
        url = "http://127.0.0.1:" + server.port();
        test = IdxDataset.testSplit(Committed.testSplit()).first(IMAGES);
        labels = ZooManifest.read(Committed.zoo()).labels();
        files = new String[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            files[i] = Files.write(dir.resolve("test-" + i + ".png"), test.png(i)).toString();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String[] args(String... options) {
        String[] all = new String[2 + options.length + files.length];
        all[0] = "classify";
        all[1] = "--zoo=" + Committed.zoo();
        System.arraycopy(options, 0, all, 2, options.length);
        System.arraycopy(files, 0, all, 2 + options.length, files.length);
        return all;
    }

    @Test
    void eachImageIsAnsweredByTheCloudWithItsClassAndTheModelThatAnswered() {
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi(args("--server", url, "--sla-ms", "1000", "--policy", "static-accuracy")))
                .as(cli.stderr.toString()).isZero();
        assertThat(cli.stderr.toString()).as("the warm-up found the server ready").isEmpty();

        List<String> lines = cli.stdout.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("mdi classify: " + IMAGES + " image(s), SLA 1000 ms, zoo fashion at " + url
                + ", device model mobilenet_w025_r16");
        assertThat(lines).hasSize(1 + IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            int label = test.label(i);
            assertThat(lines.get(1 + i)).matches(Pattern.quote(files[i] + ": " + label + " "
                    + labels.get(label) + " (") + "\\d+\\.\\d %\\) by the cloud's resnet20_w32_tta10 in \\d+\\.\\d ms");
        }
    }

    @Test
    void withTheServerDownTheDeviceAnswersEachImage() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi(args("--server", "http://127.0.0.1:" + closed, "--sla-ms", "200")))
                .as(cli.stderr.toString()).isZero();
        assertThat(cli.stderr.toString()).startsWith("mdi classify: warming up: ConnectException: ");

        List<String> lines = cli.stdout.toString().lines().skip(1).toList();
        assertThat(lines).hasSize(IMAGES).allSatisfy(line -> assertThat(line)
                .matches(".*: \\d \\S.* \\(\\d+\\.\\d %\\) by the device's mobilenet_w025_r16 in \\d+\\.\\d ms; cloud"
                        + " failed: ConnectException: .*"));
        // the device's own model gets most of them right too
        long right = 0;
        for (int i = 0; i < IMAGES; i++) {
            right += lines.get(i).startsWith(files[i] + ": " + test.label(i) + " ") ? 1 : 0;
        }
        assertThat(right).isGreaterThanOrEqualTo(IMAGES - 1);
    }

    @Test
    void badValuesAreNamedInOneLine() {
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi("classify", "/no/such/image.png")).isEqualTo(2);
        assertThat(cli.mdi(args("--server", "localhost:8080"))).isEqualTo(2);
        assertThat(cli.mdi("classify", "--zoo", "/no/such/zoo", files[0])).isEqualTo(2);
        assertThat(cli.mdi("classify", "--sla-ms", "0", files[0])).isEqualTo(2);
        assertThat(cli.mdi("classify", "--policy", "fastest", files[0])).isEqualTo(2);
        assertThat(cli.mdi("classify")).isEqualTo(2);
        assertThat(cli.stderr.toString().lines()).filteredOn(l -> !l.startsWith("Try ")).hasSize(6)
                .allMatch(l -> l.startsWith("mdi classify: "));
        assertThat(cli.stderr.toString()).contains("no such image file: /no/such/image.png",
                "base URL must be an http or https URL", "'localhost:8080'", "/no/such/zoo",
                "--sla-ms must be a positive", "unknown policy 'fastest'", "IMAGE");
    }

    @Test
    void helpShowsEveryOptionWithItsDefault() {
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi("classify", "--help")).isZero();
        assertThat(cli.stdout.toString()).contains("IMAGE", "--server", "http://localhost:8080", "--sla-ms",
                "default: 100", "--zoo", "zoo/fashion", "--zoo-name", "--policy", "static-accuracy", "Examples:");
    }
}
