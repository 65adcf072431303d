package org.mdinference.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every server pod: probed on the Open Inference Protocol's health routes at ports it declares, reached by its
 * Service at ports it declares, and locked down.
 */
class PodsTest {

    /** Longest warm-up allowed for before a pod that never gets ready is restarted. */
    private static final int STARTUP_WINDOW_S = 120;

    private final Manifests manifests = Manifests.load(Repository.k8s());

    @Test
    void everyServerIsProbedOnTheOipHealthRoutes() {
        for (Deployment deployment : manifests.ofType(Deployment.class)) {
            for (Container container : Pods.spec(deployment).getContainers()) {
                String where = deployment.getMetadata().getName() + "/" + container.getName();
                assertProbe(container, container.getLivenessProbe(), "/v2/health/live", where + " liveness");
                assertProbe(container, container.getReadinessProbe(), "/v2/health/ready", where + " readiness");
                Probe startup = container.getStartupProbe();
                assertProbe(container, startup, "/v2/health/ready", where + " startup");
                assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).as(where + " startup window")
                        .isGreaterThanOrEqualTo(STARTUP_WINDOW_S);
            }
        }
    }

    private static void assertProbe(Container container, Probe probe, String path, String where) {
        assertThat(probe).as(where).isNotNull();
        assertThat(probe.getHttpGet()).as(where + ": an HTTP GET").isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(where).isEqualTo(path);
        assertThat(Pods.port(container, probe.getHttpGet().getPort())).as(where + ": a port the container declares")
                .isPresent();
    }

    @Test
    void everyServiceTargetsPortsItsOneDeploymentDeclares() {
        List<Service> services = manifests.ofType(Service.class);
        assertThat(services).isNotEmpty();
        for (Service service : services) {
            Deployment deployment = manifests.behind(service);
            for (ServicePort port : service.getSpec().getPorts()) {
                String where = service.getMetadata().getName() + ":" + port.getName();
                assertThat(port.getName()).as(where).isNotBlank();
                assertThat(port.getAppProtocol()).as(where + " appProtocol").isNotBlank();
                assertThat(Pods.spec(deployment).getContainers())
                        .as(where + " -> " + port.getTargetPort() + " in " + deployment.getMetadata().getName())
                        .anySatisfy(container -> assertThat(Pods.port(container, port.getTargetPort())).isPresent());
            }
        }
    }

    @Test
    void everyMdiServerListensWhereItsPortsSay() {
        for (Deployment deployment : manifests.ofType(Deployment.class)) {
            for (Container container : Pods.spec(deployment).getContainers()) {
                if (!Pods.isMdi(container)) {
                    continue;
                }
                List<String> args = container.getArgs();
                assertThat(args).as(container.getName()).startsWith("serve");
                assertThat(ServeArgs.required(args, "--host")).isEqualTo("0.0.0.0");
                assertThat(Integer.parseInt(ServeArgs.required(args, "--port")))
                        .isEqualTo(Pods.namedPort(container, "http").getContainerPort());
                assertThat(Integer.parseInt(ServeArgs.required(args, "--grpc-port")))
                        .isEqualTo(Pods.namedPort(container, "grpc").getContainerPort());
            }
        }
    }

    @Test
    void everyPodRunsAsNonRootWithoutPrivilegeAndWithinLimits() {
        for (Deployment deployment : manifests.ofType(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSecurityContext pod = Pods.spec(deployment).getSecurityContext();
            assertThat(pod.getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(pod.getRunAsUser()).as(name + " runAsUser").isPositive();
            assertThat(Pods.spec(deployment).getTerminationGracePeriodSeconds()).as(name).isNotNull();
            for (Container container : Pods.allContainers(deployment)) {
                String where = name + "/" + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertThat(security.getAllowPrivilegeEscalation()).as(where).isFalse();
                assertThat(security.getCapabilities().getDrop()).as(where).containsExactly("ALL");
                assertThat(container.getResources().getRequests()).as(where + " requests")
                        .containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(where + " limits").containsKeys("cpu", "memory");
            }
        }
    }

    @Test
    void everyMdiContainerHasAReadOnlyRootAndAWritableTmp() {
        for (Deployment deployment : manifests.ofType(Deployment.class)) {
            for (Container container : Pods.allContainers(deployment)) {
                if (!Pods.isMdi(container)) {
                    continue;
                }
                String where = deployment.getMetadata().getName() + "/" + container.getName();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(where).isTrue();
                if (!Pods.spec(deployment).getContainers().contains(container)) {
                    continue; // an init container that only copies files runs no JVM
                }
                Volume tmp = Pods.mountedAt(deployment, container, "/tmp")
                        .orElseThrow(() -> new AssertionError(where + " mounts nothing at /tmp"));
                assertThat(tmp.getEmptyDir()).as(where + " /tmp").isNotNull();
            }
        }
    }
}
