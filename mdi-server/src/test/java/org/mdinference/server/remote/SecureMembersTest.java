package org.mdinference.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.TestCertificates;
import org.mdinference.server.model.ZooLoader;

/**
 * A front end whose members' server asks for TLS and a token, reached over {@code https://} and {@code grpcs://}:
 * with the CA and the token it answers through both; without the token, or trusting another CA, it refuses to start
 * and says why.
 */
@Timeout(120)
class SecureMembersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "member-token";

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static Path tokenFile;
    private static MdiServer member;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.write(dir);
        tokenFile = TestCertificates.tokenFile(dir, "tokens", List.of(TOKEN));
        member = CommittedZooServer.start(ServerConfig.builder().warmUp(false).grpcPort(0).intraOpThreads(1)
                .access(certificates.access(tokenFile)));
    }

    @AfterAll
    static void stop() throws Exception {
        member.close();
    }

    /** The committed zoo's lenet5 at the member's REST port and resnet8_w16 at its gRPC port, over TLS. */
    private static Path frontEndZoo(String name) throws Exception {
        ObjectNode zoo = (ObjectNode) JSON.readTree(Committed.zoo().resolve("zoo.json").toFile());
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode model : zoo.path("models")) {
            String member = model.path("name").asText();
            String endpoint = switch (member) {
                case "lenet5" -> "https://localhost:" + SecureMembersTest.member.port() + "/v2/models/lenet5";
                case "resnet8_w16" -> "grpcs://localhost:" + SecureMembersTest.member.grpcPort().orElseThrow()
                        + "/resnet8_w16";
                default -> null;
            };
            if (endpoint != null) {
                ObjectNode entry = ((ObjectNode) model).deepCopy();
                entry.remove(List.of("file", "sha256"));
                entry.put("on_device", false);
                entry.put("endpoint", endpoint);
                kept.add(entry);
            }
        }
        zoo.set("models", kept);
        Path folder = Files.createDirectories(dir.resolve(name));
        JSON.writeValue(folder.resolve("zoo.json").toFile(), zoo);
        return folder;
    }

    @Test
    void answersThroughMembersOverHttpsAndGrpcsWithTheToken() throws Exception {
        MemberAccess access = MemberAccess.read(Optional.of(certificates.ca()), Optional.of(tokenFile));
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).warmUp(false).build();
        try (MdiServer front = new MdiServer(config, new ZooLoader(System::nanoTime, access)
                .load(frontEndZoo("front-ok"), 1, config.maxBatch()))) {
            front.start();
            front.awaitReady(Duration.ofMinutes(1));
            IdxDataset images = IdxDataset.testSplit(Committed.testSplit());
            String body = JSON.writeValueAsString(Map.of("inputs", List.of(Map.of("name", "input", "datatype",
                    "FP32", "shape", List.of(1, 1, 28, 28), "data", Committed.tensor(images, 0)))));
            HttpClient http = HttpClient.newHttpClient();
            for (String model : List.of("lenet5", "resnet8_w16")) {
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + front.port() + "/v2/models/" + model + "/infer")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).as(model + ": " + reply.body()).isEqualTo(200);
                assertThat(JSON.readTree(reply.body()).path("outputs").get(0).path("data").size()).isEqualTo(10);
            }
        }
    }

    @Test
    void refusesToStartWithoutTheToken() throws Exception {
        MemberAccess noToken = MemberAccess.read(Optional.of(certificates.ca()), Optional.empty());
        assertThatThrownBy(() -> new ZooLoader(System::nanoTime, noToken).load(frontEndZoo("front-no-token"), 1, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("answered 401: this server asks for a bearer token");
        Path wrong = TestCertificates.tokenFile(dir, "wrong", List.of("not-the-token"));
        MemberAccess wrongToken = MemberAccess.read(Optional.of(certificates.ca()), Optional.of(wrong));
        assertThatThrownBy(() -> new ZooLoader(System::nanoTime, wrongToken).load(frontEndZoo("front-wrong"), 1, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("answered 403");
    }

    @Test
    void grpcWithoutTheTokenIsRefusedByName() throws Exception {
        MemberAccess noToken = MemberAccess.read(Optional.of(certificates.ca()), Optional.empty());
        try (GrpcTransport transport = new GrpcTransport(org.mdinference.onnx.ModelEndpoint.parse("grpcs://localhost:"
                + member.grpcPort().orElseThrow() + "/lenet5"), noToken)) {
            assertThatThrownBy(() -> transport.metadata(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(RemoteCallException.class, e -> assertThat(e.kind())
                            .isEqualTo(RemoteCallException.Kind.REFUSED))
                    .hasMessageContaining("UNAUTHENTICATED");
        }
    }

    @Test
    void doesNotTrustAMemberWhoseCertificateItsCaDidNotSign(@TempDir Path other) throws Exception {
        TestCertificates stranger = TestCertificates.write(other, "other-", false);
        MemberAccess wrongCa = MemberAccess.read(Optional.of(stranger.ca()), Optional.of(tokenFile));
        assertThatThrownBy(() -> new ZooLoader(System::nanoTime, wrongCa).load(frontEndZoo("front-wrong-ca"), 1, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no endpoint answers");
    }
}
