package org.mdinference.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Triton member: its model repository is laid out from the mdinference image's own ONNX file, and its
 * config.pbtxt declares the bundled zoo's tensors. Triton itself is not run here (no container engine).
 */
class TritonTest {

    private static final Pattern COPY_ONNX =
            Pattern.compile("cp (\\S+)/([A-Za-z0-9_.-]+)\\.onnx /models/([A-Za-z0-9_.-]+)/1/model\\.onnx");
    private static final Pattern COPY_CONFIG =
            Pattern.compile("cp (\\S+)/config\\.pbtxt /models/([A-Za-z0-9_.-]+)/config\\.pbtxt");

    private final Deployment triton = Manifests.load(Repository.k8s()).named(Deployment.class, "mdinference-triton");
    private final Container init = Pods.spec(triton).getInitContainers().get(0);
    private final Container server = Pods.spec(triton).getContainers().get(0);
    private final String script = String.join(" ", init.getCommand());

    @Test
    void copiesTheBundledOnnxFileIntoTritonsLayout() {
        assertThat(Pods.isMdi(init)).as("the files come from the mdinference image").isTrue();
        Matcher copy = COPY_ONNX.matcher(script);
        assertThat(copy.find()).as(script).isTrue();
        assertThat(copy.group(1)).isEqualTo(ServedModels.BUNDLED_ZOO);
        String file = copy.group(2) + ".onnx";
        String model = copy.group(3);
        assertThat(Repository.bundledZoo().resolve(file)).isRegularFile();
        assertThat(Zoos.members(Zoos.bundled()).get(model).path("file").asText()).isEqualTo(file);
        assertThat(ServedModels.tritonRepository(triton)).containsExactly(model);
    }

    @Test
    void copiesTheGeneratedConfigBesideIt() {
        Matcher copy = COPY_CONFIG.matcher(script);
        assertThat(copy.find()).as(script).isTrue();
        assertThat(Set.of(copy.group(2))).isEqualTo(ServedModels.tritonRepository(triton));
        Volume config = Pods.mountedAt(triton, init, copy.group(1))
                .orElseThrow(() -> new AssertionError("nothing mounted at " + copy.group(1)));
        assertThat(config.getConfigMap().getName()).isEqualTo("mdinference-triton-models");
        assertThat(Kustomization.read(Repository.k8s()).generators()).anySatisfy(generator -> {
            assertThat(generator.name()).isEqualTo("mdinference-triton-models");
            assertThat(generator.files()).extracting(KustomizationTest::key).containsExactly("config.pbtxt");
        });
    }

    @Test
    void servesTheRepositoryTheInitContainerFilled() {
        assertThat(server.getCommand()).containsExactly("tritonserver");
        assertThat(server.getArgs()).contains("--model-repository=/models",
                "--http-port=" + Pods.namedPort(server, "http").getContainerPort(),
                "--grpc-port=" + Pods.namedPort(server, "grpc").getContainerPort());
        String initVolume = mountAt(init, "/models").getName();
        VolumeMount serverMount = mountAt(server, "/models");
        assertThat(serverMount.getName()).isEqualTo(initVolume);
        assertThat(serverMount.getReadOnly()).isTrue();
        assertThat(Pods.volume(triton, initVolume).getEmptyDir()).isNotNull();
    }

    @Test
    void theConfigDeclaresTheBundledZoosTensors() throws IOException {
        String model = ServedModels.tritonRepository(triton).iterator().next();
        JsonNode member = Zoos.members(Zoos.bundled()).get(model);
        String config = Files.readString(Repository.k8s().resolve("triton/config.pbtxt"));

        assertThat(field(config, "name")).isEqualTo("\"" + model + "\"");
        assertThat(field(config, "platform")).isEqualTo("\"onnxruntime_onnx\"");
        // with max_batch_size > 0 Triton adds the batch dimension itself: dims are the shape without it
        assertThat(Integer.parseInt(field(config, "max_batch_size"))).isPositive();
        assertTensor(config, "input", member.path("input"));
        assertTensor(config, "output", member.path("output"));
    }

    private static void assertTensor(String config, String block, JsonNode tensor) {
        Matcher matcher = Pattern.compile("(?s)\\b" + block + " \\[\\s*\\{(.*?)}\\s*]").matcher(config);
        assertThat(matcher.find()).as(block).isTrue();
        String body = matcher.group(1);
        assertThat(field(body, "name")).isEqualTo("\"" + tensor.path("name").asText() + "\"");
        assertThat(field(body, "data_type")).isEqualTo("TYPE_FP32");
        List<Long> shape = new ArrayList<>();
        tensor.path("shape").forEach(dim -> shape.add(dim.asLong()));
        assertThat(shape.get(0)).as("the zoo's batch dimension").isEqualTo(-1L);
        String dims = shape.subList(1, shape.size()).stream().map(String::valueOf)
                .reduce((a, b) -> a + ", " + b).orElse("");
        assertThat(field(body, "dims")).isEqualTo("[ " + dims + " ]");
    }

    /** A top-level {@code key: value} of the text protobuf, the first one. */
    private static String field(String text, String key) {
        Matcher matcher = Pattern.compile("(?m)^\\s*" + key + ": (.+?)\\s*$").matcher(text);
        assertThat(matcher.find()).as(key).isTrue();
        return matcher.group(1);
    }

    private static VolumeMount mountAt(Container container, String path) {
        return container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + path));
    }
}
