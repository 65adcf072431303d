package org.mdinference.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/Dockerfile's structure: no container engine runs where the build runs, so the image is never built here
 * (docs/deployment.md); this is what can be checked without one.
 */
class DockerfileTest {

    private static final String JAR = "/opt/mdi/mdi.jar";
    private static final String ZOO = "/opt/mdi/zoo/fashion";

    private final Dockerfile dockerfile = Dockerfile.read(Repository.dockerfile());
    private final Dockerfile.Stage runtime = dockerfile.runtime();

    @Test
    void buildsTheJarInAJdkStage() {
        assertThat(dockerfile.stages()).hasSizeGreaterThanOrEqualTo(2);
        Dockerfile.Stage build = dockerfile.stages().get(0);
        assertThat(build.image()).startsWith("maven:").contains("temurin-17");
        assertThat(build.name()).contains("build");
        assertThat(build.arguments("RUN")).anySatisfy(run -> assertThat(run)
                .contains("mvn ", "-DskipTests", "-pl mdi-cli", "-am", "package"));
    }

    @Test
    void runsOnAJreAsANonRootUser() {
        assertThat(runtime.image()).matches("eclipse-temurin:17[.0-9_]*-jre.*");
        String user = runtime.last("USER").orElseThrow(() -> new AssertionError("the runtime stage sets no USER"));
        // numeric, so that Kubernetes' runAsNonRoot can check it
        String uid = user.split(":")[0];
        assertThat(uid).matches("\\d+");
        assertThat(Integer.parseInt(uid)).isPositive();
    }

    @Test
    void carriesOnlyTheJarAndTheBundledZoo() {
        assertThat(runtime.arguments("COPY")).containsExactlyInAnyOrder(
                "--from=" + dockerfile.stages().get(0).name().orElseThrow() + " /src/mdi-cli/target/mdi.jar " + JAR,
                "zoo/fashion " + ZOO);
        assertThat(Repository.bundledZoo().resolve("zoo.json")).isRegularFile();
    }

    @Test
    void startsTheServerOnTheExposedPorts() throws IOException {
        List<String> entrypoint = execForm(runtime.last("ENTRYPOINT").orElseThrow());
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", JAR);

        List<String> cmd = execForm(runtime.last("CMD").orElseThrow());
        assertThat(cmd).startsWith("serve");
        assertThat(ServeArgs.required(cmd, "--zoo")).isEqualTo(ZOO);
        assertThat(ServeArgs.required(cmd, "--host")).isEqualTo("0.0.0.0");
        List<String> exposed = runtime.arguments("EXPOSE").stream()
                .flatMap(ports -> Arrays.stream(ports.split("\\s+"))).toList();
        assertThat(exposed).containsExactlyInAnyOrder(ServeArgs.required(cmd, "--port"),
                ServeArgs.required(cmd, "--grpc-port"));
    }

    @Test
    void theMemberServerServesTheZooTheImageCarries() {
        Deployment members = Manifests.load(Repository.k8s()).named(Deployment.class, "mdinference-members");
        Container server = Pods.spec(members).getContainers().get(0);
        assertThat(Pods.isMdi(server)).isTrue();
        assertThat(ServeArgs.required(server.getArgs(), "--zoo")).isEqualTo(ZOO);
    }

    @Test
    void theBuildContextLeavesOutBuildOutputsAndGit() throws IOException {
        List<String> ignored = Files.readAllLines(Repository.root().resolve(".dockerignore")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(ignored).contains(".git", "**/target", "out");
    }

    /** An instruction in exec form, {@code ["java", "-jar", ...]}: a JSON array of strings. */
    private static List<String> execForm(String arguments) throws IOException {
        assertThat(arguments).startsWith("[");
        return new ObjectMapper().readValue(arguments, new TypeReference<List<String>>() { });
    }
}
