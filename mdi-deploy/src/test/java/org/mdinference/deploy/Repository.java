package org.mdinference.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The files under test, found from wherever the build runs the tests. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mdi-core/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    static Path dockerfile() {
        return root().resolve("deploy/Dockerfile");
    }

    /** The zoo the image carries, and that the member server serves. */
    static Path bundledZoo() {
        return root().resolve("zoo/fashion");
    }
}
