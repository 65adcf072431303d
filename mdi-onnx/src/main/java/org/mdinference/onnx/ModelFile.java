package org.mdinference.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model file's bytes, read once and checked against the manifest's SHA-256. The session is then built from
 * these very bytes, so the file cannot change between the check and the load.
 */
final class ModelFile {

    private ModelFile() {
    }

    static byte[] readVerified(ModelEntry model) {
        Path file = model.file().path();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model file " + file + " of model " + model.name() + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file + " of model " + model.name(), e);
        }
        String actual = sha256(bytes);
        if (!actual.equals(model.file().sha256())) {
            throw new IllegalArgumentException("model file " + file + " of model " + model.name() + " has SHA-256 "
                    + actual + ", but the manifest says " + model.file().sha256() + "; refusing to load it");
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
