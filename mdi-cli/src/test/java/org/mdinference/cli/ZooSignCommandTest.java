package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.cli.ServeProcess.Role;
import org.mdinference.cli.ZooCommandTest.Cli;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.TestKeys;

/**
 * {@code mdi zoo sign} and {@code mdi serve --zoo-public-key}: a signed zoo is served; an unsigned, altered or
 * otherwise signed one stops the start with one line and the exit code of other bad start-up input (2).
 */
class ZooSignCommandTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private Path zoo() {
        return Committed.zooCopy(dir.resolve("zoo"));
    }

    private int serve(Path zoo, Path publicKey) {
        return cli.mdi("serve", "--zoo", zoo.toString(), "--zoo-public-key", publicKey.toString(), "--host",
                "127.0.0.1", "--port", "0", "--grpc-port", "0", "--no-warm-up");
    }

    @Test
    void aSignedZooIsServed() throws Exception {
        Path zoo = zoo();
        Path[] key = TestKeys.writeEd25519(dir, "key");

        assertThat(cli.mdi("zoo", "sign", "--key", key[0].toString(), "--zoo", zoo.toString())).isZero();
        assertThat(cli.stdout.toString()).contains("wrote " + zoo.resolve("zoo.json.sig"));
        try (ServeProcess server = ServeProcess.start(Role.FRONT_END, zoo, 0, Duration.ofSeconds(60),
                "--zoo-public-key", key[1].toString(), "--no-warm-up")) {
            HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/v2/models/fashion")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metadata.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anAlteredManifestIsRefused() throws IOException {
        Path zoo = zoo();
        Path[] key = TestKeys.writeEd25519(dir, "key");
        assertThat(cli.mdi("zoo", "sign", "--key", key[0].toString(), "--zoo", zoo.toString())).isZero();
        Path manifest = zoo.resolve("zoo.json");
        String text = Files.readString(manifest);
        String altered = text.replaceFirst("\"top1\": 0\\.8469", "\"top1\": 0.8479");
        assertThat(altered).isNotEqualTo(text);
        Files.writeString(manifest, altered);

        assertThat(serve(zoo, key[1])).isEqualTo(2);
        assertThat(cli.stderr.toString()).startsWith("mdi serve: the signature " + zoo.resolve("zoo.json.sig"))
                .contains("does not match", "changed after it was signed");
    }

    @Test
    void aModelFileChangedAfterSigningIsRefusedWhenLoaded() throws IOException {
        Path zoo = zoo();
        Path[] key = TestKeys.writeEd25519(dir, "key");
        assertThat(cli.mdi("zoo", "sign", "--key", key[0].toString(), "--zoo", zoo.toString())).isZero();
        Path model = zoo.resolve("lenet5.onnx");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length - 1] ^= 1;
        Files.write(model, bytes);

        assertThat(serve(zoo, key[1])).isEqualTo(2);
        assertThat(cli.stderr.toString()).startsWith("mdi serve: model file " + model + " of model lenet5 has"
                + " SHA-256 ").contains("but the manifest says", "refusing to load it");
    }

    @Test
    void aZooWhoseFilesDifferFromItsManifestIsNotSigned() throws IOException {
        Path zoo = zoo();
        Path[] key = TestKeys.writeEd25519(dir, "key");
        Files.write(zoo.resolve("mlp.onnx"), new byte[] {1, 2, 3});

        assertThat(cli.mdi("zoo", "sign", "--key", key[0].toString(), "--zoo", zoo.toString())).isEqualTo(2);
        assertThat(cli.stderr.toString()).startsWith("mdi zoo sign: model file " + zoo.resolve("mlp.onnx"))
                .contains("refusing to load it");
        assertThat(zoo.resolve("zoo.json.sig")).doesNotExist();
    }

    @Test
    void anUnsignedManifestIsRefused() {
        Path zoo = zoo();
        Path[] key = TestKeys.writeEd25519(dir, "key");

        assertThat(serve(zoo, key[1])).isEqualTo(2);
        assertThat(cli.stderr.toString()).contains("mdi serve: zoo manifest", "is not signed", "mdi zoo sign");
    }

    @Test
    void anotherKeysSignatureIsRefused() {
        Path zoo = zoo();
        Path[] signer = TestKeys.writeEd25519(dir, "signer");
        Path[] trusted = TestKeys.writeEd25519(dir, "trusted");
        assertThat(cli.mdi("zoo", "sign", "--key", signer[0].toString(), "--zoo", zoo.toString())).isZero();

        assertThat(serve(zoo, trusted[1])).isEqualTo(2);
        assertThat(cli.stderr.toString()).contains("does not match", "another key signed it");
    }

    @Test
    void keysOfTheWrongKindAreRefusedInOneLine() throws IOException {
        Path zoo = zoo();
        Path[] key = TestKeys.writeEd25519(dir, "key");
        Path notPem = Files.writeString(dir.resolve("key.txt"), "not a key\n");

        assertThat(cli.mdi("zoo", "sign", "--key", notPem.toString(), "--zoo", zoo.toString())).isEqualTo(2);
        assertThat(cli.mdi("zoo", "sign", "--key", key[1].toString(), "--zoo", zoo.toString())).isEqualTo(2);
        assertThat(serve(zoo, key[0])).isEqualTo(2);
        assertThat(cli.stderr.toString().lines()).containsExactly(
                "mdi zoo sign: key file " + notPem + " is not PEM: no '-----BEGIN PRIVATE KEY-----' ..."
                        + " '-----END PRIVATE KEY-----' block with Base64 between",
                "mdi zoo sign: key file " + key[1] + " holds a public key, but signing needs the private key"
                        + " (PRIVATE KEY, as 'openssl genpkey -algorithm ed25519' writes it)",
                "mdi serve: key file " + key[0] + " holds a private key, but checking needs the public key (PUBLIC"
                        + " KEY; 'openssl pkey -in key.pem -pubout -out pub.pem' writes it), and a server should"
                        + " never hold the signing key");
        assertThat(zoo.resolve("zoo.json.sig")).doesNotExist();
    }

    @Test
    void helpTellsHowToMakeKeysAndWhatIsChecked() {
        assertThat(cli.mdi("zoo", "sign", "--help")).isZero();
        assertThat(cli.mdi("serve", "--help")).isZero();
        assertThat(cli.stdout.toString()).contains("--key", "PKCS#8", "zoo.json.sig", "Base64",
                "openssl genpkey -algorithm ed25519", "openssl pkey -in key.pem -pubout -out pub.pem",
                "--zoo-public-key", "SHA-256", "docs/zoo.md");
    }
}
