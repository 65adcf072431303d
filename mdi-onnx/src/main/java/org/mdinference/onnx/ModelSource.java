package org.mdinference.onnx;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a zoo member's model lives: an ONNX file this process loads, or one or more endpoints of Open Inference
 * Protocol servers that serve it (replicas of the same model).
 */
public sealed interface ModelSource permits ModelSource.File, ModelSource.Remote {

    /** An ONNX file, resolved against the manifest's folder, and the SHA-256 it must have. */
    record File(Path path, String sha256) implements ModelSource {

        private static final Pattern SHA_256 = Pattern.compile("[0-9a-f]{64}");

        public File {
            Objects.requireNonNull(path, "path");
            if (!SHA_256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got \"" + sha256 + "\"");
            }
        }
    }

    /** The model served elsewhere, at each of these endpoints. */
    record Remote(List<ModelEndpoint> endpoints) implements ModelSource {

        public Remote {
            endpoints = List.copyOf(endpoints);
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("endpoint needs at least one URL");
            }
            if (endpoints.stream().map(ModelEndpoint::uri).distinct().count() < endpoints.size()) {
                throw new IllegalArgumentException("endpoint lists the same URL twice: " + endpoints);
            }
        }
    }
}
