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

    /**
     * Image i of a split as the committed zoo's models take it: one grey channel, pixel / 255, row by row. Written
     * out here rather than through the zoo's preprocessing, so that tests can check that preprocessing against it.
     */
    public static float[] tensor(IdxDataset data, int i) {
        Pixels image = data.image(i);
        int rows = data.imageSize().height();
        int columns = data.imageSize().width();
        float[] values = new float[rows * columns];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                values[y * columns + x] = (float) (image.get(y, x, 0) / 255.0);
            }
        }
        return values;
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
