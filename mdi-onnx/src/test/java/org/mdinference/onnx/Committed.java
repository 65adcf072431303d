package org.mdinference.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The zoo and the test split committed to the repository, found from wherever the build runs the tests. */
public final class Committed {

    private Committed() {
    }

    /** The repository's root, above wherever the build runs the tests. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mdi-core/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    public static Path zoo() {
        return root().resolve("zoo/fashion");
    }

    public static Path testSplit() {
        return root().resolve("data/fashion-mnist");
    }

    /** A copy of the committed zoo's files, in {@code into} (made if need be), that a test may damage. */
    public static Path zooCopy(Path into) {
        try (Stream<Path> files = Files.list(zoo())) {
            Files.createDirectories(into);
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
