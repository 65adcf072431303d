package org.mdinference.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys from PEM files, with the JDK alone: a private key as PKCS#8 ({@code BEGIN PRIVATE KEY}, as
 * {@code openssl genpkey -algorithm ed25519 -out key.pem} writes it), a public key as X.509 SubjectPublicKeyInfo
 * ({@code BEGIN PUBLIC KEY}, as {@code openssl pkey -in key.pem -pubout -out pub.pem} writes it). A file that is
 * not one of these is refused with a message that says what it holds instead.
 */
public final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";
    /** Tried on a key that is not Ed25519, only to name what it is. */
    private static final List<String> OTHER_ALGORITHMS = List.of("RSA", "EC", "Ed448", "X25519", "X448", "DSA");

    private PemKeys() {
    }

    /**
     * @throws IllegalArgumentException when the file is missing, is not PEM, holds a public key or another kind of
     *     block, or holds a key of another algorithm
     */
    public static PrivateKey readPrivate(Path file) {
        byte[] der = block(file, PRIVATE, "a public key, but signing needs the private key (" + PRIVATE
                + ", as 'openssl genpkey -algorithm ed25519' writes it)");
        try {
            return KeyFactory.getInstance(ZooSignature.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw notEd25519(file, "private", new PKCS8EncodedKeySpec(der), e);
        }
    }

    /**
     * @throws IllegalArgumentException when the file is missing, is not PEM, holds a private key or another kind of
     *     block, or holds a key of another algorithm
     */
    public static PublicKey readPublic(Path file) {
        byte[] der = block(file, PUBLIC, "a private key, but checking needs the public key (" + PUBLIC
                + "; 'openssl pkey -in " + file.getFileName() + " -pubout -out pub.pem' writes it), and a server"
                + " should never hold the signing key");
        try {
            return KeyFactory.getInstance(ZooSignature.ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw notEd25519(file, "public", new X509EncodedKeySpec(der), e);
        }
    }

    /** The DER bytes of the file's {@code wanted} block; {@code otherKind} says why the other kind of key is wrong. */
    private static byte[] block(Path file, String wanted, String otherKind) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("key file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
        Matcher pem = BLOCK.matcher(text);
        if (!pem.find()) {
            throw new IllegalArgumentException("key file " + file + " is not PEM: no '-----BEGIN " + wanted
                    + "-----' ... '-----END " + wanted + "-----' block with Base64 between");
        }
        String label = pem.group(1);
        if (!label.equals(wanted)) {
            String holds = (label.equals(PRIVATE) || label.equals(PUBLIC)) ? otherKind
                    : label.equals("ENCRYPTED PRIVATE KEY") ? "an encrypted private key; write it unencrypted with"
                            + " 'openssl pkey -in " + file.getFileName() + " -out plain.pem'"
                    : "a " + label + ", not an Ed25519 " + wanted.toLowerCase(java.util.Locale.ROOT)
                            + " (-----BEGIN " + wanted + "-----)";
            throw new IllegalArgumentException("key file " + file + " holds " + holds);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key file " + file + " is not PEM: its Base64 does not decode ("
                    + e.getMessage() + ")", e);
        }
    }

    private static IllegalArgumentException notEd25519(Path file, String kind, KeySpec spec,
                                                      GeneralSecurityException e) {
        String algorithm = otherAlgorithm(kind, spec).map(name -> (name.startsWith("D") ? "a " : "an ") + name + " " + kind + " key")
                .orElse("no " + kind + " key this Java runtime knows (" + e.getMessage() + ")");
        return new IllegalArgumentException("key file " + file + " holds " + algorithm + ", not an Ed25519 one"
                + " (make one with 'openssl genpkey -algorithm ed25519 -out key.pem')", e);
    }

    private static Optional<String> otherAlgorithm(String kind, KeySpec spec) {
        for (String algorithm : OTHER_ALGORITHMS) {
            try {
                KeyFactory factory = KeyFactory.getInstance(algorithm);
                if (kind.equals("private")) {
                    factory.generatePrivate(spec);
                } else {
                    factory.generatePublic(spec);
                }
                return Optional.of(algorithm);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this one either
            }
        }
        return Optional.empty();
    }
}
