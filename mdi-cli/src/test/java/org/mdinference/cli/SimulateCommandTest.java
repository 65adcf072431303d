package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.onnx.Committed;

class SimulateCommandTest {

    @TempDir
    Path out;

    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    private int mdi(String... args) {
        return Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), args);
    }

    @Test
    void writesOneRowPerNetworkPolicyAndSlaWithTheContractHeader() throws IOException {
        int code = mdi("simulate", "--network", "paper:Home,gaussian:30:10", "--sla", "100:200:50",
                "--requests", "500", "--out", out.toString());

        assertThat(code).as(stderr.toString()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertThat(lines.get(0)).isEqualTo("network,policy,sla_ms,requests,aggregate_accuracy,sla_attainment,"
                + "on_device_reliance,mean_latency_ms,p99_latency_ms,oracle_accuracy");
        assertThat(lines).hasSize(1 + 2 * 7 * 3);
        assertThat(lines).anyMatch(l -> l.startsWith("paper:Home,mdinference,150,500,"));
        assertThat(lines).anyMatch(l -> l.startsWith("gaussian:30:10,oracle,200,500,"));
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg", "paper:Home", "gaussian:30:10");
        assertThat(Files.readAllLines(out.resolve("model_usage.csv")).get(0))
                .isEqualTo("network,policy,sla_ms,model,requests");
        assertThat(stdout.toString()).contains("mdinference", "of oracle", "results.csv");
        assertThat(stderr.toString()).contains("paper:Home: 3/3 done");
    }

    @Test
    void theDeviceModelLeavesTheCloudPool() throws IOException {
        int code = mdi("simulate", "--network", "paper:Campus", "--sla", "150", "--requests", "200",
                "--on-device", "mobilenet_v1_0.5_128", "--out", out.toString());

        assertThat(code).as(stderr.toString()).isZero();
        String usage = Files.readString(out.resolve("model_usage.csv"));
        assertThat(usage).doesNotContain("mobilenet_v1_0.5_128");
        assertThat(Files.readString(out.resolve("report.html"))).contains("mobilenet_v1_0.5_128");
    }

    @Test
    void aProfiledZooFolderSimulatesItsMeasuredModelsWithItsOwnDeviceModel() throws IOException {
        int code = mdi("simulate", "--zoo", Committed.zoo().toString(), "--network",
                "gaussian:10:5", "--sla", "30", "--requests", "200", "--out", out.toString());

        assertThat(code).as(stderr.toString()).isZero();
        String usage = Files.readString(out.resolve("model_usage.csv"));
        assertThat(usage).contains("resnet20_w32").doesNotContain("mobilenet_w025_r16");
        assertThat(Files.readString(out.resolve("report.html"))).contains("mobilenet_w025_r16");
    }

    @Test
    void theGateIsFitOnTheFirstHalfAndMeasuredOnTheSecondWithAndWithout() throws IOException {
        int code = mdi("simulate", "--zoo", Committed.zoo().toString(), "--per-image",
                Committed.zoo().resolve("per_image.csv.gz").toString(), "--gate", "--network", "paper:Home",
                "--sla", "100:300:100", "--policy", "mdinference,oracle", "--requests", "2000", "--out",
                out.toString());

        assertThat(code).as(stderr.toString()).isZero();
        List<String> gate = Files.readAllLines(out.resolve("gate.csv"));
        assertThat(gate.get(0)).isEqualTo("network,policy,sla_ms,gate,requests,cloud_requests,kb_sent,"
                + "aggregate_accuracy,sla_attainment,on_device_reliance,mean_latency_ms,p99_latency_ms");
        assertThat(gate).hasSize(1 + 3 * 2 * 2);
        assertThat(gate.get(1)).startsWith("paper:Home,mdinference,100,off,2000,2000,40000.0,");
        assertThat(gate.get(2)).startsWith("paper:Home,mdinference,100,on,2000,");
        // the rows without the gate are results.csv's, on the same images
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertThat(results).hasSize(1 + 3 * 2);
        assertThat(stdout.toString()).contains("confidence gate of mobilenet_w025_r16: answers alone above",
                "fit (0..4999)", "measured (5000..9999)", "without and with the gate", "gate.csv");
    }

    @Test
    void perImageAndGateRefuseWhatTheyCannotUse() {
        String file = Committed.zoo().resolve("per_image.csv.gz").toString();
        assertThat(mdi("simulate", "--network", "paper:Home", "--gate", "--out", out.toString())).isEqualTo(2);
        assertThat(mdi("simulate", "--network", "paper:Home", "--per-image", file, "--out", out.toString()))
                .isEqualTo(2);
        assertThat(mdi("simulate", "--zoo", Committed.zoo().toString(), "--network", "paper:Home", "--per-image",
                file, "--gate", "--gate-loss", "-1", "--out", out.toString())).isEqualTo(2);
        assertThat(stderr.toString()).contains("--gate needs --per-image FILE", "--per-image needs --zoo DIR",
                "--gate-loss must be in percentage points");
    }

    @Test
    void aZooFolderWithoutAProfileSaysHowToMakeOne() throws IOException {
        Path zoo = Committed.zooCopy(out.resolve("zoo"));
        Files.delete(zoo.resolve("profile.csv"));

        assertThat(mdi("simulate", "--zoo", zoo.toString(), "--network", "paper:Home")).isEqualTo(2);
        assertThat(stderr.toString())
                .contains("zoo folder " + zoo + " has no profile.csv: run 'mdi zoo profile --zoo " + zoo + "' first");
    }

    @Test
    void aBadNetworkIsNamedInOneLine() {
        int code = mdi("simulate", "--network", "paper:Mars", "--out", out.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr.toString().lines().toList()).hasSize(1);
        assertThat(stderr.toString()).contains("Mars");
        assertThat(out.resolve("results.csv")).doesNotExist();
    }

    @Test
    void badValuesAreNamed() {
        assertThat(mdi("simulate", "--network", "paper:Home", "--sla", "300:100:10")).isEqualTo(2);
        assertThat(mdi("simulate", "--network", "paper:Home", "--policy", "fastest")).isEqualTo(2);
        assertThat(mdi("simulate", "--network", "paper:Home", "--on-device", "phone_net")).isEqualTo(2);
        assertThat(mdi("simulate", "--network", "paper:Home", "--knowledge", "psychic")).isEqualTo(2);
        assertThat(mdi("simulate", "--network", "trace:/no/such/trace")).isEqualTo(2);
        assertThat(mdi("simulate", "--network", "paper:Home", "--requests", "lots")).isEqualTo(2);
        assertThat(stderr.toString()).contains("300", "fastest", "phone_net", "psychic", "/no/such/trace", "lots");
    }

    @Test
    void helpExplainsEveryOptionOfTheContract() {
        assertThat(mdi("simulate", "--help")).isZero();
        assertThat(stdout.toString()).contains("--zoo", "--network", "--sla", "--policy", "--[no-]duplication",
                "--on-device", "--knowledge", "--requests", "--seed", "--payload-kb", "--rtt-ms", "--uplink-scale",
                "--per-image", "--gate", "--gate-loss", "--out", "Examples:");
    }
}
