package org.mdinference.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.onnx.ZooProfile;

/**
 * The front end's zoo.json: only remote members, each at an endpoint a Service of these manifests answers, on a
 * server that holds that very model, with the bundled zoo's figures for it.
 */
class FrontendZooTest {

    private final JsonNode zoo = Zoos.frontend();
    private final Map<String, JsonNode> bundled = Zoos.members(Zoos.bundled());
    private final Manifests manifests = Manifests.load(Repository.k8s());

    @Test
    void holdsOnlyRemoteMembers() {
        Map<String, JsonNode> members = Zoos.members(zoo);
        assertThat(members).isNotEmpty();
        members.forEach((name, member) -> {
            assertThat(member.has("file")).as(name + ": a remote member has no file").isFalse();
            assertThat(member.has("sha256")).as(name + ": a remote member has no sha256").isFalse();
            assertThat(endpoints(member)).as(name).isNotEmpty();
        });
    }

    @Test
    void theServerReadsItAsAZooOfRemoteMembersWhoseLatencyItStartsFrom() {
        // the member servers may come up after the front ends: profile.csv's rows let a front end start without them
        ZooManifest manifest = ZooManifest.read(Repository.k8s().resolve("frontend-zoo"));
        ZooProfile profile = ZooProfile.read(Repository.k8s().resolve("frontend-zoo").resolve(ZooProfile.FILE_NAME));
        assertThat(manifest.models()).allSatisfy(member -> {
            assertThat(member.remote()).as(member.name()).isTrue();
            assertThat(profile.row(member.name(), 1)).as(member.name() + "'s batch-1 row").isPresent();
        });
    }

    @Test
    void everyMemberIsTheBundledModelWithItsFigures() {
        // clients address the zoo by name and read labels by index: the front end's zoo is the bundled one, remote
        assertThat(zoo.path("name")).isEqualTo(Zoos.bundled().path("name"));
        assertThat(zoo.path("labels")).isEqualTo(Zoos.bundled().path("labels"));
        Zoos.members(zoo).forEach((name, member) -> {
            assertThat(bundled).as("a member of zoo/fashion named " + name).containsKey(name);
            JsonNode original = bundled.get(name);
            assertThat(member.path("top1").asDouble()).as(name + " top1").isEqualTo(original.path("top1").asDouble());
            assertThat(member.path("input")).as(name + " input").isEqualTo(original.path("input"));
            assertThat(member.path("output")).as(name + " output").isEqualTo(original.path("output"));
            assertThat(member.path("on_device")).as(name + " on_device").isEqualTo(original.path("on_device"));
        });
    }

    @Test
    void everyEndpointIsAServiceOfTheManifestsServingThatModel() {
        Set<String> seen = new HashSet<>();
        Zoos.members(zoo).forEach((name, member) -> {
            for (Endpoint endpoint : endpoints(member)) {
                String where = name + " at " + endpoint;
                assertThat(seen.add(endpoint.toString())).as(where + " given twice").isTrue();
                assertThat(endpoint.model()).as(where).isEqualTo(name);
                assertThat(endpoint.service()).as(where + ": not the front end itself")
                        .isNotEqualTo(FrontendTest.SERVICE);

                Service service = manifests.named(Service.class, endpoint.service());
                ServicePort port = service.getSpec().getPorts().stream()
                        .filter(candidate -> candidate.getPort() == endpoint.port()).findFirst()
                        .orElseThrow(() -> new AssertionError(where + ": Service " + endpoint.service()
                                + " has no port " + endpoint.port()));
                // a gRPC endpoint on the REST port (or the reverse) would fail at the first request
                assertThat(port.getName()).as(where + ": the Service port's name").isEqualTo(endpoint.scheme());

                Deployment server = manifests.behind(service);
                assertThat(ServedModels.of(server)).as(where + ": the models " + server.getMetadata().getName()
                        + " serves").contains(name);
            }
        });
    }

    @Test
    void atLeastOneMemberHasReplicasOnDifferentServers() {
        assertThat(Zoos.members(zoo).values()).anySatisfy(member -> assertThat(endpoints(member))
                .extracting(Endpoint::service).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(2));
    }

    /** {@code "endpoint": "..."} or {@code "endpoint": ["...", ...]}, each parsed. */
    static List<Endpoint> endpoints(JsonNode member) {
        JsonNode endpoint = member.path("endpoint");
        List<Endpoint> endpoints = new ArrayList<>();
        if (endpoint.isTextual()) {
            endpoints.add(Endpoint.parse(endpoint.asText()));
        } else if (endpoint.isArray()) {
            for (JsonNode replica : endpoint) {
                assertThat(replica.isTextual()).as(member.path("name") + " endpoint " + replica).isTrue();
                endpoints.add(Endpoint.parse(replica.asText()));
            }
        } else {
            throw new AssertionError(member.path("name") + ": endpoint must be a string or a list of strings, got "
                    + endpoint);
        }
        return endpoints;
    }
}
