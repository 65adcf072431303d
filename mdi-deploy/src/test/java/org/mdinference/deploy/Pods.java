package org.mdinference.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Questions about a Deployment's pods that several tests ask. */
final class Pods {

    /** The image name (before the tag) of the mdinference image, which kustomization.yaml's images entry sets. */
    static final String MDI_IMAGE = "mdinference";

    private Pods() {
    }

    static PodSpec spec(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec();
    }

    /** Init containers and containers alike. */
    static List<Container> allContainers(Deployment deployment) {
        List<Container> all = new ArrayList<>(spec(deployment).getInitContainers());
        all.addAll(spec(deployment).getContainers());
        return all;
    }

    static boolean isMdi(Container container) {
        return imageName(container.getImage()).equals(MDI_IMAGE);
    }

    static String imageName(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    /** The container port a Service's targetPort or a probe's port means: by name, or by number. */
    static Optional<ContainerPort> port(Container container, IntOrString port) {
        return container.getPorts().stream()
                .filter(candidate -> port.getIntVal() != null
                        ? port.getIntVal().equals(candidate.getContainerPort())
                        : port.getStrVal().equals(candidate.getName()))
                .findFirst();
    }

    static ContainerPort namedPort(Container container, String name) {
        return container.getPorts().stream().filter(port -> name.equals(port.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + name));
    }

    static Volume volume(Deployment deployment, String name) {
        return spec(deployment).getVolumes().stream().filter(volume -> volume.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no volume " + name));
    }

    /** The volume mounted at exactly {@code path} in {@code container}. */
    static Optional<Volume> mountedAt(Deployment deployment, Container container, String path) {
        return container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals(path))
                .map(VolumeMount::getName).findFirst().map(name -> volume(deployment, name));
    }
}
