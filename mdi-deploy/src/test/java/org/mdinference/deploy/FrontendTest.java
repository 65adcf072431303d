package org.mdinference.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The front end: its zoo mounted where it reads it, its Service, and the HPA and PDB aimed at it. */
class FrontendTest {

    static final String FRONTEND = "mdinference-frontend";
    static final String SERVICE = "mdinference";
    static final String ZOO_CONFIG_MAP = "mdinference-frontend-zoo";

    private final Manifests manifests = Manifests.load(Repository.k8s());
    private final Deployment frontend = manifests.named(Deployment.class, FRONTEND);
    private final Container server = Pods.spec(frontend).getContainers().get(0);

    @Test
    void readsTheGeneratedZooWhereItIsMounted() {
        assertThat(Pods.spec(frontend).getContainers()).hasSize(1);
        assertThat(Pods.isMdi(server)).isTrue();
        String zoo = ServeArgs.required(server.getArgs(), "--zoo");
        Volume volume = Pods.mountedAt(frontend, server, zoo)
                .orElseThrow(() -> new AssertionError("nothing mounted at --zoo " + zoo));
        assertThat(volume.getConfigMap().getName()).isEqualTo(ZOO_CONFIG_MAP);
        assertThat(server.getVolumeMounts()).filteredOn(mount -> mount.getMountPath().equals(zoo))
                .extracting(VolumeMount::getReadOnly).containsExactly(true);

        Kustomization.ConfigMapGenerator generator = Kustomization.read(Repository.k8s()).generators().stream()
                .filter(candidate -> candidate.name().equals(ZOO_CONFIG_MAP)).findFirst().orElseThrow();
        // profile.csv beside zoo.json: the members' start-up latency, so that a front end starts before them
        assertThat(generator.files()).extracting(KustomizationTest::key).containsExactly("zoo.json", "profile.csv");
        assertThat(generator.files()).extracting(KustomizationTest::source)
                .containsExactly("frontend-zoo/zoo.json", "frontend-zoo/profile.csv");
    }

    @Test
    void runsSeveralReplicasBehindItsService() {
        assertThat(frontend.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        Service service = manifests.named(Service.class, SERVICE);
        assertThat(manifests.behind(service)).isSameAs(frontend);
        assertThat(service.getSpec().getPorts()).extracting(port -> port.getName() + ":" + port.getPort())
                .containsExactlyInAnyOrder("http:8080", "grpc:8081");
    }

    @Test
    void stopsTakingRequestsBeforeItStops() {
        // the pause lets the Service drop the pod before SIGTERM; the grace period must outlast it
        List<String> preStop = server.getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop).hasSize(2).startsWith("sleep");
        assertThat(Pods.spec(frontend).getTerminationGracePeriodSeconds())
                .isGreaterThan(Long.parseLong(preStop.get(1)));
    }

    @Test
    void theAutoscalerScalesTheFrontEndOnCpu() {
        HorizontalPodAutoscaler hpa = manifests.ofType(HorizontalPodAutoscaler.class).get(0);
        CrossVersionObjectReference target = hpa.getSpec().getScaleTargetRef();
        assertThat(target.getApiVersion()).isEqualTo("apps/v1");
        assertThat(target.getKind()).isEqualTo("Deployment");
        assertThat(target.getName()).isEqualTo(FRONTEND);

        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies((MetricSpec metric) -> {
            assertThat(metric.getType()).isEqualTo("Resource");
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isBetween(1, 100);
        });
        // utilisation is relative to the request: without one the HPA has nothing to compute
        assertThat(server.getResources().getRequests()).containsKey("cpu");
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
    }

    @Test
    void theDisruptionBudgetCoversTheFrontEndAndLeavesRoomToDrain() {
        PodDisruptionBudget pdb = manifests.ofType(PodDisruptionBudget.class).get(0);
        assertThat(manifests.selectedBy(pdb.getSpec().getSelector().getMatchLabels())).containsExactly(frontend);
        assertThat(pdb.getSpec().getSelector().getMatchExpressions()).isEmpty();
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);

        // with no more replicas than the budget keeps, a node drain would wait for ever
        HorizontalPodAutoscaler hpa = manifests.ofType(HorizontalPodAutoscaler.class).get(0);
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThan(pdb.getSpec().getMinAvailable().getIntVal());
        assertThat(frontend.getSpec().getReplicas()).isGreaterThan(pdb.getSpec().getMinAvailable().getIntVal());
    }
}
