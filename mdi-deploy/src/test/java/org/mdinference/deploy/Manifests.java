package org.mdinference.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every resource of the manifests under a folder, each read strictly into its kind's model. The kustomization
 * itself is not a resource (it is read by {@link Kustomization}).
 */
record Manifests(List<Manifest> all) {

    /** One resource and the file it came from. */
    record Manifest(Path file, HasMetadata resource) {
    }

    static Manifests load(Path folder) {
        List<Manifest> all = new ArrayList<>();
        for (Path file : yamlFiles(folder)) {
            if (!file.getFileName().toString().equals(Kustomization.FILE)) {
                all.addAll(read(file));
            }
        }
        return new Manifests(List.copyOf(all));
    }

    /** Every YAML file under {@code folder}, at any depth, in a fixed order. */
    static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The resources of one file.
     *
     * @throws IllegalArgumentException for a document without apiVersion and kind, of a kind not known here, or
     *     with a field its kind does not have
     */
    static List<Manifest> read(Path file) {
        List<Class<? extends HasMetadata>> types = new ArrayList<>();
        List<JsonNode> documents = StrictYaml.documents(file);
        for (int i = 0; i < documents.size(); i++) {
            JsonNode document = documents.get(i);
            String where = file.getFileName() + " (document " + (i + 1) + ")";
            String apiVersion = document.path("apiVersion").asText("");
            String kind = document.path("kind").asText("");
            types.add(KubernetesKinds.of(apiVersion, kind).orElseThrow(
                    () -> new IllegalArgumentException(where + ": unknown kind '" + apiVersion + " " + kind
                            + "'; known: " + KubernetesKinds.known())));
        }
        return StrictYaml.read(file, types).stream().map(resource -> new Manifest(file, (HasMetadata) resource))
                .toList();
    }

    <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return all.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return ofType(type).stream().filter(resource -> resource.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    /** The Deployments whose pods a label selector picks. */
    List<Deployment> selectedBy(Map<String, String> selector) {
        return ofType(Deployment.class).stream()
                .filter(deployment -> deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(selector.entrySet()))
                .toList();
    }

    /** The one Deployment behind a Service. */
    Deployment behind(Service service) {
        List<Deployment> selected = selectedBy(service.getSpec().getSelector());
        if (selected.size() != 1) {
            throw new AssertionError("Service " + service.getMetadata().getName() + " selects "
                    + selected.stream().map(d -> d.getMetadata().getName()).toList() + ", not one Deployment");
        }
        return selected.get(0);
    }
}
