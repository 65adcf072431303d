package org.mdinference.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A zoo manifest's detached Ed25519 signature: {@code zoo.json.sig} beside {@code zoo.json}, the 64 signature bytes
 * over the manifest's exact bytes, in Base64 on one line. OpenSSL 3 checks it as well:
 * {@code base64 -d zoo.json.sig > sig.bin && openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in zoo.json
 * -sigfile sig.bin}. Keys are read by {@link PemKeys}.
 */
public final class ZooSignature {

    public static final String ALGORITHM = "Ed25519";
    public static final String SUFFIX = ".sig";
    private static final int SIGNATURE_BYTES = 64;

    private ZooSignature() {
    }

    /** Where the signature of this manifest file lives. */
    public static Path file(Path manifest) {
        return manifest.resolveSibling(manifest.getFileName() + SUFFIX);
    }

    /**
     * Signs a manifest file and writes its signature beside it, replacing any older one in one move. The manifest
     * must read as a zoo ({@link ZooManifest}): a signature vouches for a manifest that the server can serve.
     *
     * @return the signature file
     * @throws IllegalArgumentException when the manifest does not exist or does not read
     */
    public static Path sign(Path manifest, PrivateKey key) {
        byte[] text = manifestBytes(manifest);
        ManifestJson.read(manifest, text);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(text);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign " + manifest + " with a " + key.getAlgorithm() + " key: "
                    + e.getMessage(), e);
        }
        Path file = file(manifest);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, Base64.getEncoder().encodeToString(signature) + "\n");
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write signature " + file, e);
        }
        return file;
    }

    /**
     * Reads a manifest file and checks its signature against {@code key}.
     *
     * @return the manifest's bytes, as read once and checked
     * @throws IllegalArgumentException when the manifest or its signature file is missing, the signature file is
     *     not one Base64 Ed25519 signature, or the signature is not {@code key}'s over these bytes
     */
    public static byte[] verify(Path manifest, PublicKey key) {
        byte[] text = manifestBytes(manifest);
        byte[] signature = signatureBytes(manifest);
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(text);
            valid = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot check the signature of " + manifest + " with a "
                    + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new IllegalArgumentException("the signature " + file(manifest) + " does not match " + manifest
                    + " under this public key: the manifest was changed after it was signed, or another key signed"
                    + " it; refusing it");
        }
        return text;
    }

    private static byte[] manifestBytes(Path manifest) {
        try {
            return Files.readAllBytes(manifest);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("zoo manifest " + manifest + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read zoo manifest " + manifest, e);
        }
    }

    private static byte[] signatureBytes(Path manifest) {
        Path file = file(manifest);
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("zoo manifest " + manifest + " is not signed: no " + file
                    + " (sign it with 'mdi zoo sign --key KEY'); refusing it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signature " + file, e);
        }
        try {
            byte[] signature = Base64.getDecoder().decode(text);
            if (signature.length == SIGNATURE_BYTES) {
                return signature;
            }
        } catch (IllegalArgumentException e) {
            // said below, as for a wrong length
        }
        throw new IllegalArgumentException(file + " is not an Ed25519 signature: it should hold " + SIGNATURE_BYTES
                + " bytes in Base64 on one line, as 'mdi zoo sign' writes it; refusing " + manifest);
    }
}
