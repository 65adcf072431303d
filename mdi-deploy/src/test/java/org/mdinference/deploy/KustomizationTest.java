package org.mdinference.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kustomization.yaml lists exactly the manifests there are, and what it generates is what the pods mount. */
class KustomizationTest {

    private final Path k8s = Repository.k8s();
    private final Kustomization kustomization = Kustomization.read(k8s);
    private final Manifests manifests = Manifests.load(k8s);

    @Test
    void listsEveryManifestAndOnlyThose() {
        List<String> onDisk = Manifests.yamlFiles(k8s).stream()
                .filter(file -> !file.getFileName().toString().equals(Kustomization.FILE))
                .map(file -> k8s.relativize(file).toString().replace('\\', '/')).toList();

        assertThat(kustomization.resources()).doesNotHaveDuplicates()
                .allSatisfy(resource -> assertThat(k8s.resolve(resource)).as(resource).isRegularFile())
                .containsExactlyInAnyOrderElementsOf(onDisk);
    }

    @Test
    void generatesConfigMapsFromFilesThatExist() {
        assertThat(kustomization.generators()).extracting(Kustomization.ConfigMapGenerator::name)
                .doesNotHaveDuplicates();
        for (Kustomization.ConfigMapGenerator generator : kustomization.generators()) {
            assertThat(generator.files()).as(generator.name()).isNotEmpty().allSatisfy(entry -> {
                Path file = k8s.resolve(source(entry));
                assertThat(file).as(entry).isRegularFile();
                assertThat(Files.size(file)).as(entry).isPositive();
            });
        }
    }

    @Test
    void everyConfigMapAPodMountsIsGeneratedAndEveryGeneratedOneIsMounted() {
        // kustomize appends a hash of the content to a generated name and rewrites the references it knows; a
        // reference to a name it does not generate would stay as written and name nothing
        Set<String> generated = new HashSet<>();
        kustomization.generators().forEach(generator -> generated.add(generator.name()));
        Set<String> mounted = new HashSet<>();
        for (Deployment deployment : manifests.ofType(Deployment.class)) {
            for (Volume volume : Pods.spec(deployment).getVolumes()) {
                if (volume.getConfigMap() != null) {
                    mounted.add(volume.getConfigMap().getName());
                }
            }
        }
        assertThat(mounted).isEqualTo(generated);
    }

    @Test
    void theImageOverrideNamesTheImageThePodsRun() {
        Set<String> images = new HashSet<>();
        for (Deployment deployment : manifests.ofType(Deployment.class)) {
            for (Container container : Pods.allContainers(deployment)) {
                images.add(Pods.imageName(container.getImage()));
            }
        }
        assertThat(kustomization.imageOverrides()).extracting(Kustomization.Image::name)
                .containsExactly(Pods.MDI_IMAGE);
        assertThat(images).contains(Pods.MDI_IMAGE);
    }

    /** A generator's file entry is {@code PATH} or {@code KEY=PATH}. */
    static String source(String entry) {
        int equals = entry.indexOf('=');
        return equals < 0 ? entry : entry.substring(equals + 1);
    }

    /** The key a generator's file entry gets in the ConfigMap: KEY, or the file's own name. */
    static String key(String entry) {
        int equals = entry.indexOf('=');
        return equals < 0 ? Objects.requireNonNull(Path.of(entry).getFileName()).toString()
                : entry.substring(0, equals);
    }
}
