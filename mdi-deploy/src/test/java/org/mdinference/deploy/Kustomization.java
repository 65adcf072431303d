package org.mdinference.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * deploy/k8s/kustomization.yaml, read as strictly as the resources: only the fields used here, so that a misspelt
 * one (which kustomize would refuse too) fails the build. fabric8 has no model of it.
 */
record Kustomization(String apiVersion, String kind, List<String> resources,
        @Nullable List<ConfigMapGenerator> configMapGenerator, @Nullable List<Image> images) {

    static final String FILE = "kustomization.yaml";

    Kustomization {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resources, "resources");
    }

    record ConfigMapGenerator(String name, List<String> files) {
        ConfigMapGenerator {
            Objects.requireNonNull(name, "configMapGenerator's name");
            Objects.requireNonNull(files, "configMapGenerator's files");
        }
    }

    record Image(String name, @Nullable String newName, @Nullable String newTag) {
        Image {
            Objects.requireNonNull(name, "image's name");
        }
    }

    static Kustomization read(Path folder) {
        Path file = folder.resolve(FILE);
        List<JsonNode> documents = StrictYaml.documents(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + " holds " + documents.size() + " documents, not one");
        }
        Kustomization kustomization = (Kustomization) StrictYaml.read(file, List.of(Kustomization.class)).get(0);
        if (!"kustomize.config.k8s.io/v1beta1".equals(kustomization.apiVersion())
                || !"Kustomization".equals(kustomization.kind())) {
            throw new IllegalArgumentException(file + " is " + kustomization.apiVersion() + " "
                    + kustomization.kind() + ", not kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        return kustomization;
    }

    List<ConfigMapGenerator> generators() {
        return configMapGenerator == null ? List.of() : configMapGenerator;
    }

    List<Image> imageOverrides() {
        return images == null ? List.of() : images;
    }
}
