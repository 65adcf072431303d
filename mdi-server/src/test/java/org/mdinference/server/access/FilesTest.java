package org.mdinference.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.server.TestCertificates;

/** The access files an operator writes, read as given or refused with a message that says what is wrong. */
class FilesTest {

    @TempDir
    Path dir;

    @Test
    void readsRsaAndEcKeysWithTheirChains() {
        TestCertificates rsa = TestCertificates.write(dir, "rsa-", false);
        TestCertificates ec = TestCertificates.write(dir, "ec-", true);
        assertThat(ServerCertificate.read(rsa.cert(), rsa.key()).certificate().getPublicKey().getAlgorithm())
                .isEqualTo("RSA");
        assertThat(ServerCertificate.read(ec.cert(), ec.key()).certificate().getPublicKey().getAlgorithm())
                .isEqualTo("EC");
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() {
        TestCertificates one = TestCertificates.write(dir, "one-", false);
        TestCertificates two = TestCertificates.write(dir, "two-", false);
        assertThatThrownBy(() -> ServerCertificate.read(one.cert(), two.key()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not the one of the"
                        + " certificate in " + one.cert());
    }

    @Test
    void refusesMissingAndNonPemAndSwappedFiles() throws Exception {
        TestCertificates set = TestCertificates.write(dir);
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> ServerCertificate.read(dir.resolve("absent.pem"), set.key()))
                .hasMessage("certificate file " + dir.resolve("absent.pem") + " does not exist");
        assertThatThrownBy(() -> ServerCertificate.read(text, set.key()))
                .hasMessageContaining("holds no PEM certificate");
        assertThatThrownBy(() -> ServerCertificate.read(set.cert(), text))
                .hasMessageContaining("is not PEM");
        assertThatThrownBy(() -> ServerCertificate.read(set.key(), set.cert()))
                .hasMessageContaining("holds a private key: give that to --tls-key");
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ServerCertificate.read(set.cert(), pkcs1))
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void readsTokensSkippingCommentsAndBlankLines() {
        TokenCheck tokens = TokenCheck.read(TestCertificates.tokenFile(dir, "t", List.of("alpha", "  beta  ")));
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.accepts("alpha")).isTrue();
        assertThat(tokens.accepts("beta")).isTrue();
        assertThat(tokens.accepts("alph")).isFalse();
        assertThat(tokens.accepts("# tokens of the test")).isFalse();
        assertThat(tokens.accepts("")).isFalse();
        assertThat(tokens.toString()).doesNotContain("alpha");
    }

    @Test
    void refusesEmptyMissingAndMalformedTokenFiles() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "# nothing yet\n\n");
        assertThatThrownBy(() -> TokenCheck.read(empty)).hasMessageContaining("holds no token");
        assertThatThrownBy(() -> TokenCheck.read(dir.resolve("absent")))
                .hasMessage("token file " + dir.resolve("absent") + " does not exist");
        Path spaced = Files.writeString(dir.resolve("spaced"), "two words\n");
        assertThatThrownBy(() -> TokenCheck.read(spaced)).hasMessageContaining("line 1")
                .hasMessageNotContaining("two words");
    }

    @Test
    void metricsBehindATokenNeedTokens() {
        assertThatThrownBy(() -> new ServerAccess(Optional.empty(), Optional.empty(), true))
                .hasMessageContaining("--auth-metrics needs --auth-token-file");
    }
}
