package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;

/**
 * {@code mdi zoo eval} on a zoo whose members are endpoints of a real server (the committed zoo, served on a
 * loopback port): the top-1 measured through an endpoint is the one measured from the same model's file on the
 * same images, and {@code --write} stores it.
 */
class ZooEvalRemoteTest extends ZooCommandTest.Cli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static MdiServer member;
    private static String server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        member = CommittedZooServer.start(ServerConfig.builder().intraOpThreads(1).warmUp(false));
        server = "http://127.0.0.1:" + member.port();
    }

    @AfterAll
    static void stop() throws Exception {
        member.close();
    }

    @Test
    void aRemoteMemberMeasuresAsItsFileOnTheSameImages() throws IOException {
        Path zoo = zoo(Map.of(
                "lenet5", entry -> { },
                "lenet5_remote", entry -> entry.put("endpoint", server + "/v2/models/lenet5"),
                "linear_replicas", entry -> entry.set("endpoint", JSON.createArrayNode()
                        .add(server + "/v2/models/linear").add(server + "/v2/models/linear/versions/1")),
                "linear", entry -> { }));
        Path data = smallTestSplit(dir.resolve("data"), 300);

        int code = mdi("zoo", "eval", "--zoo", zoo.toString(), "--data", data.toString(), "--batch", "128",
                "--write");

        assertThat(code).as(stderr.toString()).isZero();
        String lenet5 = top1(row("lenet5"));
        assertThat(top1(row("lenet5_remote"))).isEqualTo(lenet5);
        assertThat(top1(row("linear_replicas"))).isEqualTo(top1(row("linear")));
        assertThat(row("lenet5_remote")).endsWith("through [" + server + "/v2/models/lenet5]");
        assertThat(row("lenet5")).doesNotContain("through");
        assertThat(stderr.toString()).contains("lenet5_remote: 3/3 done", "linear_replicas: 3/3 done");
        ZooManifest written = ZooManifest.read(zoo);
        ModelEntry remote = written.model("lenet5_remote").orElseThrow();
        assertThat(remote.remote()).isTrue();
        assertThat(String.format(java.util.Locale.ROOT, "%.4f", remote.top1())).isEqualTo(lenet5);
        assertThat(remote.top1()).isEqualTo(written.model("lenet5").orElseThrow().top1());
        assertThat(written.model("linear_replicas").orElseThrow().endpoints().endpoints()).hasSize(2);
    }

    @Test
    void aMemberWhoseServerHasAnotherContractIsRefusedBeforeAnyModelRuns() throws IOException {
        Path zoo = zoo(Map.of("linear", entry -> { }, "lenet5_remote", entry -> {
            entry.put("endpoint", server + "/v2/models/lenet5");
            ((ArrayNode) entry.get("output").get("shape")).set(1, 12);
        }));

        int code = mdi("zoo", "eval", "--zoo", zoo.toString(), "--data", smallTestSplit(dir.resolve("data"), 10)
                .toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr.toString()).startsWith("mdi zoo eval: member lenet5_remote")
                .contains(server + "/v2/models/lenet5", "refusing a member with another contract")
                .doesNotContain("done");
    }

    @Test
    void anEndpointNobodyServesIsNamed() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + port + "/v2/models/lenet5";
        Path zoo = zoo(Map.of("lenet5_remote", entry -> entry.put("endpoint", nowhere)));

        int code = mdi("zoo", "eval", "--zoo", zoo.toString(), "--data", smallTestSplit(dir.resolve("data"), 10)
                .toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr.toString()).startsWith("mdi zoo eval: member lenet5_remote: ").contains(nowhere)
                .doesNotContain("done");
    }

    /** The first row of the table that names this model. */
    private String row(String model) {
        return stdout.toString().lines().filter(l -> l.startsWith("  " + model + " ")).findFirst().orElseThrow();
    }

    private static String top1(String row) {
        return row.split(" +")[2];
    }

    /**
     * A copy of the committed zoo whose manifest lists these members, in this order: each the committed entry of the
     * model its name starts with, renamed, then changed by its edit; one given an endpoint loses its file and hash.
     */
    private Path zoo(Map<String, Consumer<ObjectNode>> members) throws IOException {
        Path zoo = Committed.zooCopy(dir.resolve("zoo"));
        ObjectNode manifest = (ObjectNode) JSON.readTree(zoo.resolve("zoo.json").toFile());
        ArrayNode committed = (ArrayNode) manifest.get("models");
        ArrayNode models = JSON.createArrayNode();
        for (String name : members.keySet().stream().sorted().toList()) {
            String model = name.replaceFirst("_(remote|replicas)$", "");
            ObjectNode entry = null;
            for (var node : committed) {
                if (node.get("name").asText().equals(model)) {
                    entry = node.deepCopy();
                }
            }
            entry.put("name", name);
            entry.put("on_device", false);
            members.get(name).accept(entry);
            if (entry.has("endpoint")) {
                entry.remove(List.of("file", "sha256"));
            }
            models.add(entry);
        }
        manifest.set("models", models);
        JSON.writerWithDefaultPrettyPrinter().writeValue(zoo.resolve("zoo.json").toFile(), manifest);
        return zoo;
    }
}
