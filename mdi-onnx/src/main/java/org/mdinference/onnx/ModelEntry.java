package org.mdinference.onnx;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One model of a zoo manifest: its name, its ONNX file (resolved against the manifest's folder) and that file's
 * SHA-256, its top-1 accuracy as a fraction, whether it is the model the device runs, its input and output tensors,
 * and how images become its input. A model without preprocessing takes raw tensors only.
 */
public record ModelEntry(String name, Path file, String sha256, double top1, boolean onDevice, TensorSpec input,
                         TensorSpec output, Optional<Preprocessing> preprocessing) {

    private static final Pattern SHA_256 = Pattern.compile("[0-9a-f]{64}");

    public ModelEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(preprocessing, "preprocessing");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a model name must not be blank");
        }
        if (!SHA_256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got \"" + sha256 + "\"");
        }
        if (!(top1 >= 0 && top1 <= 1)) {
            throw new IllegalArgumentException("top1 must be a fraction in [0, 1], got " + top1);
        }
        preprocessing.ifPresent(p -> p.checkFits(input));
    }
}
