package org.mdinference.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every manifest parses into its kind's model, and a manifest with a field its kind lacks does not. */
class StrictParseTest {

    @TempDir
    Path dir;

    @Test
    void everyDocumentParsesIntoItsKind() {
        for (Path file : Manifests.yamlFiles(Repository.k8s())) {
            if (file.getFileName().toString().equals(Kustomization.FILE)) {
                assertThat(Kustomization.read(file.getParent()).resources()).isNotEmpty();
            } else {
                assertThat(Manifests.read(file)).as(file.toString()).isNotEmpty();
            }
        }
        assertThat(Manifests.load(Repository.k8s()).all()).extracting(m -> m.resource().getKind())
                .contains("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget");
    }

    @Test
    void anUnchangedCopyParses() throws IOException {
        // the control for the mutations below: the copy itself is not what fails
        for (String name : new String[] {"frontend-deployment.yaml", "frontend-service.yaml", "frontend-hpa.yaml",
                "frontend-pdb.yaml"}) {
            Path copy = dir.resolve(name);
            Files.copy(Repository.k8s().resolve(name), copy);
            assertThat(Manifests.read(copy)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}: ''{1}'' -> ''{2}''")
    @CsvSource(delimiter = '|', value = {
        // misspelt fields, at the top, deep in a pod template, and in each kind
        "frontend-deployment.yaml | replicas: 2 | replica: 2",
        "frontend-deployment.yaml | readinessProbe: | readynessProbe:",
        "frontend-deployment.yaml | periodSeconds: | periodSecond:",
        "frontend-deployment.yaml | readOnlyRootFilesystem: | readOnlyRootFileSystem:",
        "frontend-deployment.yaml | mountPath: /tmp | mountpath: /tmp",
        "frontend-service.yaml | targetPort: http | targetport: http",
        "frontend-hpa.yaml | averageUtilization: | averageUtilisation:",
        "frontend-pdb.yaml | minAvailable: | minAvailible:",
        // a string where the model has a number or a boolean
        "frontend-deployment.yaml | replicas: 2 | replicas: \"2\"",
        "frontend-deployment.yaml | runAsNonRoot: true | runAsNonRoot: \"true\"",
    })
    void aFieldItsKindLacksIsRefused(String file, String from, String to) throws IOException {
        String original = Files.readString(Repository.k8s().resolve(file));
        assertThat(original).contains(from);
        Path copy = dir.resolve(file);
        Files.writeString(copy, original.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));

        assertThatThrownBy(() -> Manifests.read(copy)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file);
    }

    @Test
    void aKeyGivenTwiceIsRefused() throws IOException {
        // YAML parsers disagree on which of the two wins; kubectl refuses it
        Path copy = dir.resolve("frontend-deployment.yaml");
        Files.writeString(copy, Files.readString(Repository.k8s().resolve("frontend-deployment.yaml"))
                .replace("  replicas: 2\n", "  replicas: 2\n  replicas: 3\n"));

        assertThatThrownBy(() -> Manifests.read(copy)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicas");
    }

    @Test
    void aKindWithoutAModelIsRefused() throws IOException {
        Path file = dir.resolve("kserve.yaml");
        Files.writeString(file, """
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata:
                  name: resnet
                """);

        assertThatThrownBy(() -> Manifests.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown kind 'serving.kserve.io/v1beta1 InferenceService'");
    }

    @Test
    void aKindUnderAnotherApiVersionIsRefused() throws IOException {
        // autoscaling/v1 has no metrics list: read as v2 it would look right and be wrong
        Path file = dir.resolve("hpa.yaml");
        Files.writeString(file, Files.readString(Repository.k8s().resolve("frontend-hpa.yaml"))
                .replace("apiVersion: autoscaling/v2", "apiVersion: autoscaling/v1"));

        assertThatThrownBy(() -> Manifests.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown kind 'autoscaling/v1 HorizontalPodAutoscaler'");
    }

    @Test
    void aMisspeltKustomizationFieldIsRefused() throws IOException {
        Files.writeString(dir.resolve(Kustomization.FILE),
                Files.readString(Repository.k8s().resolve(Kustomization.FILE))
                        .replace("configMapGenerator:", "configMapGenerators:"));

        assertThatThrownBy(() -> Kustomization.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("configMapGenerators");
    }

    @Test
    void everyResourceIsNamed() {
        for (Manifests.Manifest manifest : Manifests.load(Repository.k8s()).all()) {
            HasMetadata resource = manifest.resource();
            assertThat(resource.getMetadata()).as(manifest.file().toString()).isNotNull();
            assertThat(resource.getMetadata().getName()).as(manifest.file().toString()).isNotBlank();
        }
    }
}
