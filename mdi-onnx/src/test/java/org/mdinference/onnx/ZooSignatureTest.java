package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooSignatureTest {

    @TempDir
    Path dir;

    private Path zoo() {
        return Committed.zooCopy(dir.resolve("zoo"));
    }

    @Test
    void aSignedManifestReadsAsTheUnsignedOne() {
        Path zoo = zoo();
        Path[] key = TestKeys.writeEd25519(dir, "key");
        Path signature = ZooSignature.sign(ZooManifest.file(zoo), PemKeys.readPrivate(key[0]));

        assertThat(signature).isEqualTo(zoo.resolve("zoo.json.sig"));
        assertThat(Base64.getDecoder().decode(readString(signature).strip())).hasSize(64);
        assertThat(ZooManifest.readSigned(zoo, PemKeys.readPublic(key[1]))).isEqualTo(ZooManifest.read(zoo));
    }

    @Test
    void oneChangedByteOfATop1IsRefused() throws IOException {
        Path zoo = zoo();
        Path[] key = TestKeys.writeEd25519(dir, "key");
        Path manifest = ZooManifest.file(zoo);
        ZooSignature.sign(manifest, PemKeys.readPrivate(key[0]));
        String text = readString(manifest);
        String altered = text.replaceFirst("\"top1\": 0\\.8469", "\"top1\": 0.9469");
        assertThat(altered).isNotEqualTo(text).hasSameSizeAs(text);
        Files.writeString(manifest, altered);

        assertThatThrownBy(() -> ZooManifest.readSigned(zoo, PemKeys.readPublic(key[1])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match").hasMessageContaining("changed after it was signed");
    }

    @Test
    void anUnsignedManifestIsRefused() {
        Path zoo = zoo();
        Path[] key = TestKeys.writeEd25519(dir, "key");

        assertThatThrownBy(() -> ZooManifest.readSigned(zoo, PemKeys.readPublic(key[1])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not signed").hasMessageContaining("zoo.json.sig");
    }

    @Test
    void anotherKeysSignatureIsRefused() {
        Path zoo = zoo();
        Path[] signer = TestKeys.writeEd25519(dir, "signer");
        Path[] trusted = TestKeys.writeEd25519(dir, "trusted");
        ZooSignature.sign(ZooManifest.file(zoo), PemKeys.readPrivate(signer[0]));

        assertThatThrownBy(() -> ZooManifest.readSigned(zoo, PemKeys.readPublic(trusted[1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another key signed it");
    }

    @Test
    void aSignatureFileThatIsNotOneSignatureIsRefused() throws IOException {
        Path zoo = zoo();
        Path[] key = TestKeys.writeEd25519(dir, "key");
        Files.writeString(zoo.resolve("zoo.json.sig"), "not base64 at all\n");

        assertThatThrownBy(() -> ZooManifest.readSigned(zoo, PemKeys.readPublic(key[1])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an Ed25519 signature").hasMessageContaining("64 bytes in Base64");
    }

    @Test
    void aManifestThatDoesNotReadIsNotSigned() throws IOException {
        Path[] key = TestKeys.writeEd25519(dir, "key");
        Path manifest = Files.writeString(dir.resolve("zoo.json"), "{\"name\": \"broken\"");

        assertThatThrownBy(() -> ZooSignature.sign(manifest, PemKeys.readPrivate(key[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not valid JSON");
        assertThat(ZooSignature.file(manifest)).doesNotExist();
    }

    @Test
    void keysThatAreNotEd25519PemAreRefusedSayingWhatTheyAre() throws IOException {
        Path[] key = TestKeys.writeEd25519(dir, "key");
        Path text = Files.writeString(dir.resolve("text.pem"), "hello\n");
        Path rsa = TestKeys.write(dir.resolve("rsa.pem"), TestKeys.generate("RSA").getPrivate());
        Path rsaPublic = TestKeys.write(dir.resolve("rsa.pub.pem"), TestKeys.generate("RSA").getPublic());
        Path badBase64 = Files.writeString(dir.resolve("bad.pem"),
                "-----BEGIN PUBLIC KEY-----\nMCowBQ=YDK2VwAyEA\n-----END PUBLIC KEY-----\n");
        Path certificate = Files.writeString(dir.resolve("cert.pem"),
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemKeys.readPrivate(text)).hasMessageContaining("is not PEM");
        assertThatThrownBy(() -> PemKeys.readPublic(badBase64)).hasMessageContaining("is not PEM");
        assertThatThrownBy(() -> PemKeys.readPrivate(dir.resolve("missing.pem"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> PemKeys.readPrivate(key[1]))
                .hasMessageContaining("holds a public key, but signing needs the private key");
        assertThatThrownBy(() -> PemKeys.readPublic(key[0]))
                .hasMessageContaining("holds a private key, but checking needs the public key");
        assertThatThrownBy(() -> PemKeys.readPrivate(rsa))
                .hasMessageContaining("holds an RSA private key, not an Ed25519 one");
        assertThatThrownBy(() -> PemKeys.readPublic(rsaPublic))
                .hasMessageContaining("holds an RSA public key, not an Ed25519 one");
        assertThatThrownBy(() -> PemKeys.readPublic(certificate))
                .hasMessageContaining("holds a CERTIFICATE, not an Ed25519 public key");
    }

    /** OpenSSL's keys read here, and its pkeyutl accepts the signature written here: the formats are the same. */
    @Test
    void openSslKeysSignAndOpenSslChecksTheSignature() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "no /usr/bin/openssl here");
        Path zoo = zoo();
        Path key = dir.resolve("key.pem");
        Path pub = dir.resolve("pub.pem");
        openssl("genpkey", "-algorithm", "ed25519", "-out", key.toString());
        openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
        Path manifest = ZooManifest.file(zoo);
        Path signature = ZooSignature.sign(manifest, PemKeys.readPrivate(key));
        Path raw = Files.write(dir.resolve("sig.bin"), Base64.getDecoder().decode(readString(signature).strip()));

        assertThat(ZooManifest.readSigned(zoo, PemKeys.readPublic(pub)).name()).isEqualTo("fashion");
        assertThat(openssl("pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin", "-in",
                manifest.toString(), "-sigfile", raw.toString())).contains("Signature Verified Successfully");
        Files.writeString(manifest, readString(manifest) + " ");
        assertThatThrownBy(() -> openssl("pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin", "-in",
                manifest.toString(), "-sigfile", raw.toString())).hasMessageContaining("exited 1");
    }

    private static String openssl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "/usr/bin/openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (process.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " exited " + process.exitValue()
                    + ": " + output);
        }
        return output;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
