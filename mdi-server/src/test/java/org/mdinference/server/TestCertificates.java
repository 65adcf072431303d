package org.mdinference.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import okhttp3.tls.HeldCertificate;
import org.mdinference.server.access.ServerAccess;
import org.mdinference.server.access.ServerCertificate;
import org.mdinference.server.access.TokenCheck;

/**
 * A CA and a server certificate it signs, made at run time and written as PEM files, as an operator would with
 * openssl (docs/reliability.md): the server's names are {@code localhost} and {@code 127.0.0.1}, so that a client
 * that trusts the CA checks the name too. Other modules' tests use it through this module's test-jar.
 *
 * @param ca   the CA's certificate: what clients trust
 * @param cert the server's certificate chain (its own, then the CA's)
 * @param key  the server's PKCS#8 private key
 */
public record TestCertificates(Path ca, Path cert, Path key) {

    /** An RSA server key (2048 bits), signed by a fresh EC CA. */
    public static TestCertificates write(Path dir) {
        return write(dir, "", false);
    }

    /**
     * @param prefix names the files, so that one folder holds several sets
     * @param ec     an EC server key (P-256) instead of RSA
     */
    public static TestCertificates write(Path dir, String prefix, boolean ec) {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("mdi test CA " + prefix)
                .ecdsa256().build();
        HeldCertificate.Builder server = new HeldCertificate.Builder().commonName("localhost")
                .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").signedBy(ca);
        HeldCertificate held = (ec ? server.ecdsa256() : server.rsa2048()).build();
        try {
            Path caFile = Files.writeString(dir.resolve(prefix + "ca.pem"), ca.certificatePem(),
                    StandardCharsets.US_ASCII);
            Path certFile = Files.writeString(dir.resolve(prefix + "cert.pem"), held.certificatePem()
                    + ca.certificatePem(), StandardCharsets.US_ASCII);
            Path keyFile = Files.writeString(dir.resolve(prefix + "key.pem"), held.privateKeyPkcs8Pem(),
                    StandardCharsets.US_ASCII);
            return new TestCertificates(caFile, certFile, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a server exposed with these certificates and these tokens' file takes: TLS, tokens, open metrics. */
    public ServerAccess access(Path tokenFile) {
        return new ServerAccess(Optional.of(ServerCertificate.read(cert, key)), Optional.of(TokenCheck.read(tokenFile)),
                false);
    }

    /** A token file of these tokens, one a line, with a comment and a blank line as operators write them. */
    public static Path tokenFile(Path dir, String name, List<String> tokens) {
        try {
            return Files.writeString(dir.resolve(name), "# tokens of the test\n\n" + String.join("\n", tokens)
                    + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
