package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mdinference.onnx.Committed;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;

/** {@code mdi loadtest} against a real server on the committed zoo, on a loopback port. */
class LoadtestCommandTest {

    private static MdiServer server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        server = CommittedZooServer.start(ServerConfig.builder().maxBatch(4).intraOpThreads(1)
                .warmUp(false));
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String fastest() {
        return server.service().zoo().fastest().name();
    }

    @Test
    void aClosedLoopWithBinaryTensorsGetsOnlyReplies() {
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi("loadtest", "--url", url, "--model", fastest(), "--concurrency", "2", "--duration", "1",
                "--warmup", "0.2", "--binary")).as(cli.stderr.toString()).isZero();
        String out = cli.stdout.toString();
        assertThat(out).contains("loadtest: " + fastest() + ", concurrency 2, binary tensors", "errors       0",
                "models       " + fastest() + " 100.0 %", "server_ms p50");
        assertThat(okReplies(out)).isPositive();
    }

    /**
     * How many replies came within their budget is the machine's to say (on two cores kept busy by other processes
     * a 5 s budget was missed); that the load generator sends at its rate, loses nothing and reports both shares is
     * its own.
     */
    @Test
    void anOpenLoopOnTheZooCountsRepliesWithinTheBudget() {
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi("loadtest", "--url", url, "--model", server.service().zoo().name(), "--rate", "100",
                "--duration", "1", "--warmup", "0", "--sla-ms", "5000", "--elapsed-ms", "10")).isZero();
        String out = cli.stdout.toString();
        assertThat(out).contains("sla 5000.0 ms (budget 4980.0 ms)", "errors       0")
                .containsPattern("\\d+\\.\\d\\d % of replies served by a model within 4980\\.0 ms")
                .containsPattern("\\d+\\.\\d\\d % of replies served within their budget by the server's own clock");
        assertThat(okReplies(out)).isBetween(75L, 125L);
    }

    /** Starts servers of its own and runs three loads: 14 s on an idle machine, past the suite's default timeout. */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theBenchmarkMeasuresItsThreeTargetsSideBySide() {
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi("loadtest", "--benchmark", "--zoo", Committed.zoo().toString(), "--duration", "0.2",
                "--warmup", "0")).as("%s", cli.stderr).isZero();
        String out = cli.stdout.toString();
        assertThat(out).contains("## 1. Overhead at concurrency 1: ", "| in-process, ONNX Runtime, batch 1 |",
                "| HTTP, JSON tensor |", "| HTTP, binary tensor |", "overhead at p50 (HTTP - in-process)",
                "## 2. Dynamic batching at concurrency 32", "ONNX Runtime alone: gain at max batch",
                "(JSON tensors) |", "## 3. Overload", "served within budget by the server's clock",
                "| mdinference |", "| static-accuracy |");
        server.service().zoo().members().forEach(member -> assertThat(out).contains("| " + member.name() + " | "));
        assertThat(out).doesNotContain("errors:");
    }

    /** Starts two member servers and two front ends of its own, and takes turns between their paths. */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theHopBenchmarkMeasuresTheHopAndTheReplicasSideBySide() {
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi("loadtest", "--hop-benchmark", "--zoo", Committed.zoo().toString(), "--duration", "0.5",
                "--warmup", "0.1", "--concurrency", "4")).as("%s", cli.stderr).isZero();
        String out = cli.stdout.toString();
        assertThat(out).contains("## 1. The hop at concurrency 1: " + fastest(),
                "| direct: load generator -> member server |", "| hop: load generator -> front end -> member server |",
                "| the front end's client alone: RestTransport (OkHttp) -> member server |", "the hop adds ",
                "| hop over gRPC: load generator -> front end -> member server's gRPC port |",
                "| the front end's gRPC client alone: GrpcTransport (grpc-java) -> member server |",
                "over gRPC to the member the hop adds ",
                "| the front end's own work around the call", "## 2. Replicas at concurrency 4: " + fastest(),
                "| front end, one replica (member server 1) |", "| front end, two replicas (member servers 1 and 2) |")
                .containsPattern("two replicas / one: \\d+\\.\\d\\dx the replies a second")
                .containsPattern("\\d+\\.\\d % to member server 1, \\d+\\.\\d % to member server 2");
        assertThat(out.lines().filter(line ->
                        line.matches("\\| (direct|hop|the front end's (gRPC )?client|front end,).*")))
                .as("every path's row, with its errors last").hasSize(8).allMatch(line -> line.endsWith(" | 0 |"));
    }

    @Test
    void theHopBenchmarkRefusesAnOpenLoopAndASingleClientForItsReplicas() {
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi("loadtest", "--hop-benchmark", "--rate", "100")).isEqualTo(2);
        assertThat(cli.mdi("loadtest", "--hop-benchmark", "--concurrency", "1")).isEqualTo(2);
        assertThat(cli.stderr.toString()).contains("drop --rate", "must be at least 2, got 1");
    }

    @Test
    void anUnknownModelIsRefusedBeforeTheLoadStarts() {
        ZooCommandTest.Cli cli = new ZooCommandTest.Cli();
        assertThat(cli.mdi("loadtest", "--url", url, "--model", "nope", "--concurrency", "1")).isNotZero();
        assertThat(cli.stderr.toString()).contains("no model named 'nope'");
    }

    private static long okReplies(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+) replies, (\\d+) ok\\)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(2));
    }
}
