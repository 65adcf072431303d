package org.mdinference.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The zoo and the test split committed to the repository, found from wherever the build runs the tests. */
final class Committed {

    private Committed() {
    }

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mdi-core/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    static Path zoo() {
        return root().resolve("zoo/fashion");
    }

    static Path testSplit() {
        return root().resolve("data/fashion-mnist");
    }

    /** A copy of the committed zoo that a test may damage. */
    static Path zooCopy(Path into) {
        try (Stream<Path> files = Files.list(zoo())) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, into.resolve(file.getFileName()));
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
