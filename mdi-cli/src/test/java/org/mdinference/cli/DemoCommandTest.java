package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.onnx.Committed;

/** {@code mdi demo} as a user runs it: its files and its one-line errors (the demo itself: mdi-demo's DemoTest). */
class DemoCommandTest {

    /**
     * A whole (small) demo, with and without the gate: a server, two phones, their proxies; past the suite's default
     * timeout on a busy machine.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theCommandWritesTheResultsAndTheReport(@TempDir Path out) throws Exception {
        StringWriter printed = new StringWriter();
        int code = Main.run(new PrintWriter(printed, true), new PrintWriter(new StringWriter()),
                "demo", "--zoo", Committed.zoo().toString(),
                "--data", Committed.testSplit().toString(),
                "--network", Committed.root().resolve("data/traces/5gophers_walking").toString(),
                "--policy", "mdinference,static-latency", "--sla-ms", "150", "--devices", "2", "--images", "8",
                "--gate", "both", "--out", out.toString());

        assertThat(code).as(printed.toString()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv.get(0)).isEqualTo("network,policy,sla_ms,requests,accuracy,sla_attainment,on_device_reliance,"
                + "p50_latency_ms,p99_latency_ms,bytes_sent,gate,cloud_requests");
        assertThat(csv).hasSize(1 + 2 * 2);
        // without the gate every request is a call (on 5G at 150 ms none is skipped); with it, fewer
        assertThat(csv.get(1)).startsWith("5gophers_walking,mdinference,150,8,").endsWith(",off,8");
        assertThat(csv.get(2)).startsWith("5gophers_walking,mdinference,150,8,").contains(",on,");
        assertThat(Integer.parseInt(csv.get(2).substring(csv.get(2).lastIndexOf(',') + 1))).isLessThan(8);
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg", "mdinference",
                "5gophers_walking", "<h2>Paired against mdinference</h2>", "<h2>Gate on against gate off</h2>",
                "mdinference+gate");
        assertThat(printed.toString()).contains("within SLA", "static-latency", "Paired against mdinference",
                "cloud reqs", "Gate on against gate off", "test images 5000..9999");
        List<String> paired = Files.readAllLines(out.resolve("paired.csv"));
        assertThat(paired.get(0)).startsWith("network,sla_ms,policy,baseline,images,both_right,only_policy,");
        assertThat(paired).hasSize(3);
        assertThat(paired.get(1)).startsWith("5gophers_walking,150,static-latency,mdinference,8,");
        assertThat(paired.get(2)).startsWith("5gophers_walking,150,static-latency+gate,mdinference+gate,8,");
        List<String> requests = Files.readAllLines(out.resolve("requests.csv"));
        assertThat(requests.get(0)).isEqualTo("network,policy,sla_ms,device,request,image,label,answer,correct,"
                + "source,model,latency_ms,gate,cloud,bytes_sent");
        assertThat(requests).hasSize(1 + 4 * 8);
        // a request the gate answered on the device sent nothing
        assertThat(requests).filteredOn(line -> line.contains(",on,gated,")).isNotEmpty()
                .allMatch(line -> line.endsWith(",on,gated,0") && line.contains(",device,"));
        List<String> gate = Files.readAllLines(out.resolve("gate.csv"));
        assertThat(gate.get(0)).startsWith("network,sla_ms,policy,images,cloud_requests_off,cloud_requests_on,"
                + "requests_ratio,bytes_sent_off,bytes_sent_on,bytes_ratio,");
        assertThat(gate).hasSize(1 + 2 + 1);
        assertThat(gate.get(1)).startsWith("5gophers_walking,150,mdinference,8,8,");
        assertThat(gate.get(3)).startsWith("all,all,all,16,16,");
    }

    @Test
    void aBaselineThatDoesNotRunIsAOneLineError() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "demo", "--policy", "greedy,random", "--baseline", "mdinference");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--baseline mdinference is not among the policies that run (greedy,"
                + " random)");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void aGatedDemoTakesOnlyTheImagesItsGateWasNotFitOn() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "demo", "--zoo", Committed.zoo().toString(), "--data", Committed.testSplit().toString(),
                "--gate", "on", "--images", "5001");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--gate draws images only from those the gate's thresholds were not fit"
                + " on (test images 5000..9999): at most 5000 images, asked for 5001");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void badGateValuesAreOneLineErrors() {
        for (List<String> args : List.of(List.of("--gate", "maybe"), List.of("--gate", "both", "--gate-loss", "-1"))) {
            StringWriter err = new StringWriter();
            String[] line = java.util.stream.Stream.concat(java.util.stream.Stream.of("demo"), args.stream())
                    .toArray(String[]::new);
            int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), line);
            assertThat(code).isNotZero();
            assertThat(err.toString()).as("%s", args).containsAnyOf("--gate must be on, off or both, got 'maybe'",
                    "--gate-loss must be in percentage points, 0 to 100, got -1.0");
            assertThat(err.toString().strip().lines().count()).isEqualTo(1);
        }
    }

    @Test
    void badValuesAreOneLineErrors() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "demo", "--payload", "jpeg");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--payload must be png or tensor");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }
}
