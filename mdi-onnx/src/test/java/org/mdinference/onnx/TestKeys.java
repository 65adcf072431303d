package org.mdinference.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;

/** Keys made at run time by the JDK, written as PEM files the way OpenSSL writes them. */
public final class TestKeys {

    private TestKeys() {
    }

    public static KeyPair generate(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new Ed25519 pair written as {@code name.pem} (private, PKCS#8) and {@code name.pub.pem} (public, X.509). */
    public static Path[] writeEd25519(Path dir, String name) {
        KeyPair pair = generate("Ed25519");
        return new Path[] {write(dir.resolve(name + ".pem"), pair.getPrivate()),
            write(dir.resolve(name + ".pub.pem"), pair.getPublic())};
    }

    public static Path write(Path file, Key key) {
        String label = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        String pem = "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getEncoded()) + "\n-----END " + label + "-----\n";
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
