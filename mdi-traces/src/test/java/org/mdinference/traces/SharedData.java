package org.mdinference.traces;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's shared reference folder, which CI and workstations keep beside the clone. */
public final class SharedData {

    private SharedData() {
    }

    /** {@code shared/}, found by walking up from the working directory to a folder that holds shared/traces. */
    public static Path folder() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path shared = dir.resolve("shared");
            if (Files.isDirectory(shared.resolve("traces"))) {
                return shared;
            }
        }
        throw new IllegalStateException("no shared/traces folder in " + start + " or any folder above it;"
                + " the tests need the project's shared folder beside the clone");
    }

    public static Path traces() {
        return folder().resolve("traces");
    }

    public static Path eval() {
        return folder().resolve("eval");
    }
}
