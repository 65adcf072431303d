package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.TestCertificates;

/**
 * {@code mdi classify} and {@code mdi loadtest} against a real server with TLS and a token, given the CA and the
 * token file; and {@code mdi serve} refusing bad access files in one line each.
 */
class AccessCommandsTest {

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static Path tokens;
    private static MdiServer server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.write(dir);
        tokens = TestCertificates.tokenFile(dir, "tokens.txt", List.of("cli-token", "second"));
        server = CommittedZooServer.start(ServerConfig.builder().maxBatch(4).intraOpThreads(1).warmUp(false)
                .access(certificates.access(tokens)));
        url = "https://localhost:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void classifyReachesTheCloudThroughTlsWithTheToken() throws Exception {
        IdxDataset test = IdxDataset.testSplit(Committed.testSplit()).first(2);
        String image = Files.write(dir.resolve("image.png"), test.png(0)).toString();
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi("classify", "--zoo=" + Committed.zoo(), "--server", url, "--ca-file",
                certificates.ca().toString(), "--token-file", tokens.toString(), "--sla-ms", "5000", image))
                .as(cli.stderr.toString()).isZero();
        assertThat(cli.stderr.toString()).as("the warm-up found the server ready").isEmpty();
        assertThat(cli.stdout.toString()).contains(image + ": " + test.label(0) + " ").contains("by the cloud's");

        ZooCommandTest.Cli noToken = new ZooCommandTest.Cli();
        assertThat(noToken.mdi("classify", "--zoo=" + Committed.zoo(), "--server", url, "--ca-file",
                certificates.ca().toString(), "--sla-ms", "5000", image)).isZero();
        assertThat(noToken.stdout.toString()).contains("by the device's").contains("401");
    }

    @Test
    void loadtestLoadsATlsServerWithTheToken() {
        String model = server.service().zoo().fastest().name();
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi("loadtest", "--url", url, "--ca-file", certificates.ca().toString(), "--token-file",
                tokens.toString(), "--model", model, "--concurrency", "2", "--duration", "1", "--warmup", "0.2",
                "--binary")).as(cli.stderr.toString()).isZero();
        String out = cli.stdout.toString();
        assertThat(out).contains("errors       0");
        Matcher ok = Pattern.compile("\\((\\d+) replies, (\\d+) ok\\)").matcher(out);
        assertThat(ok.find()).as(out).isTrue();
        assertThat(Long.parseLong(ok.group(2))).isPositive();

        ZooCommandTest.Cli noToken = new ZooCommandTest.Cli();
        assertThat(noToken.mdi("loadtest", "--url", url, "--ca-file", certificates.ca().toString(), "--model", model,
                "--concurrency", "1", "--duration", "1")).isEqualTo(OneLineErrors.USAGE);
        assertThat(noToken.stderr.toString()).startsWith("mdi loadtest: ").contains("answered 401");
    }

    @Test
    void serveRefusesBadAccessFilesInOneLine(@TempDir Path bad) throws Exception {
        TestCertificates other = TestCertificates.write(bad, "other-", true);
        Path empty = Files.writeString(bad.resolve("empty.txt"), "# no token yet\n");
        Path text = Files.writeString(bad.resolve("text.pem"), "not a certificate\n");
        String cert = certificates.cert().toString();
        String key = certificates.key().toString();
        assertRefused("certificate file " + bad.resolve("absent.pem") + " does not exist",
                "--tls-cert", bad.resolve("absent.pem").toString(), "--tls-key", key);
        assertRefused("certificate file " + text + " holds no PEM certificate", "--tls-cert", text.toString(),
                "--tls-key", key);
        assertRefused("is not PEM: expected -----BEGIN PRIVATE KEY-----", "--tls-cert", cert, "--tls-key",
                text.toString());
        assertRefused("the key of " + other.key() + " is not the one of the certificate in " + cert,
                "--tls-cert", cert, "--tls-key", other.key().toString());
        assertRefused("--tls-cert and --tls-key go together", "--tls-cert", cert);
        assertRefused("token file " + empty + " holds no token", "--auth-token-file", empty.toString());
        assertRefused("--auth-metrics needs --auth-token-file", "--auth-metrics");
        assertRefused("CA file " + bad.resolve("none.pem") + " does not exist", "--member-ca-file",
                bad.resolve("none.pem").toString());
    }

    private static void assertRefused(String message, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "serve";
        args[1] = "--port=0";
        args[2] = "--grpc-port=0";
        System.arraycopy(options, 0, args, 3, options.length);
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi(args)).as(cli.stderr.toString()).isEqualTo(OneLineErrors.USAGE);
        List<String> lines = cli.stderr.toString().lines().filter(l -> !l.startsWith("Try ")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("mdi serve: ").contains(message);
    }

    @Test
    void helpTellsTheAccessOptions() {
        ZooCommandTest.Cli serve = new ZooCommandTest.Cli();
        serve.mdi("serve", "--help");
        assertThat(serve.stdout.toString()).contains("--tls-cert", "--tls-key", "--auth-token-file", "--auth-metrics",
                "--member-ca-file", "--member-token-file", "stay open");
        for (String command : List.of("classify", "loadtest")) {
            ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
            cli.mdi(command, "--help");
            assertThat(cli.stdout.toString()).as(command).contains("--ca-file", "--token-file");
        }
    }
}
