package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.client.onnx.OnnxDeviceModel;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.TestCertificates;

/**
 * The SDK against the real server with TLS (its certificate made now, signed by a CA made now) and a token: with the
 * CA and the token the cloud answers; without the token, or trusting another CA, the device does, and the outcome
 * says why.
 */
class SecureCloudTest {

    /** Generous: these tests are about who answers, not how fast. */
    private static final double SLA = 20_000;
    private static final String TOKEN = "sdk-token-1";

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static MdiServer server;
    private static OnnxDeviceModel device;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.write(dir);
        server = CommittedZooServer.start(ServerConfig.builder().maxBatch(4).intraOpThreads(1).warmUp(false)
                .access(certificates.access(TestCertificates.tokenFile(dir, "t", List.of(TOKEN)))));
        url = "https://localhost:" + server.port();
        device = OnnxDeviceModel.fromZoo(Fashion.zoo());
    }

    @AfterAll
    static void stop() throws Exception {
        device.close();
        server.close();
    }

    private static MdiClient.Builder builder(Path ca) throws Exception {
        try (InputStream pem = Files.newInputStream(ca)) {
            return MdiClient.builder().baseUrl(url).zoo("fashion").deviceModel(device).deviceExecutor(Runnable::run)
                    .trustedCertificates(pem);
        }
    }

    @Test
    void classifiesThroughTlsWithTheCaAndTheToken() throws Exception {
        try (MdiClient client = builder(certificates.ca()).bearerToken(TOKEN).build()) {
            client.warmUp().get();
            Classification answer = MdiClientTest.answer(client.classify(Fashion.png(0), SLA));
            assertThat(answer.source()).as("%s", answer).isEqualTo(Classification.Source.CLOUD);
            assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.SERVED);
        }
    }

    @Test
    void withoutTheTokenTheDeviceAnswersAndTheOutcomeSays401() throws Exception {
        try (MdiClient client = builder(certificates.ca()).build()) {
            Classification answer = MdiClientTest.answer(client.classify(Fashion.png(1), SLA));
            assertThat(answer.source()).isEqualTo(Classification.Source.DEVICE);
            assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.FAILED);
            assertThat(answer.cloud().reason()).hasValueSatisfying(r -> assertThat(r).contains("401"));
        }
    }

    @Test
    void anUntrustedServerLeavesTheAnswerToTheDevice(@TempDir Path other) throws Exception {
        TestCertificates stranger = TestCertificates.write(other, "other-", true);
        try (MdiClient client = builder(stranger.ca()).bearerToken(TOKEN).build()) {
            Classification answer = MdiClientTest.answer(client.classify(Fashion.png(2), SLA));
            assertThat(answer.source()).isEqualTo(Classification.Source.DEVICE);
            assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.FAILED);
            assertThat(answer.cloud().reason()).hasValueSatisfying(r -> assertThat(r)
                    .containsAnyOf("PKIX", "certification path", "SSL"));
        }
    }

    @Test
    void refusesWhatIsNoCertificateOrNoToken() {
        assertThatThrownBy(() -> MdiClient.builder().trustedCertificates(new ByteArrayInputStream(
                "hello".getBytes(StandardCharsets.US_ASCII)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the PEM given to trustedCertificates is no PEM certificate (-----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> MdiClient.builder().bearerToken("two words"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one word");
        assertThatThrownBy(() -> MdiClient.builder().bearerToken(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
