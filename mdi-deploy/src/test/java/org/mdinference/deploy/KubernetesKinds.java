package org.mdinference.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import java.util.Optional;

/** The kinds deploy/k8s may hold, each by its apiVersion and kind, and the model class it is read into. */
final class KubernetesKinds {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "v1 Service", Service.class,
            "v1 ConfigMap", ConfigMap.class,
            "autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class);

    private KubernetesKinds() {
    }

    static Optional<Class<? extends HasMetadata>> of(String apiVersion, String kind) {
        return Optional.ofNullable(KINDS.get(apiVersion + " " + kind));
    }

    static String known() {
        return KINDS.keySet().stream().sorted().toList().toString();
    }
}
