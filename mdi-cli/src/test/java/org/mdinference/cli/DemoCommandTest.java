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

    /** A whole (small) demo: a server, two phones, their proxies; past the suite's default timeout on a busy machine. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theCommandWritesTheResultsAndTheReport(@TempDir Path out) throws Exception {
        StringWriter printed = new StringWriter();
        int code = Main.run(new PrintWriter(printed, true), new PrintWriter(new StringWriter()),
                "demo", "--zoo", Committed.zoo().toString(),
                "--data", Committed.testSplit().toString(),
                "--network", Committed.root().resolve("data/traces/5gophers_walking").toString(),
                "--policy", "mdinference,static-latency", "--sla-ms", "150", "--devices", "2", "--images", "8",
                "--out", out.toString());

        assertThat(code).as(printed.toString()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv.get(0)).isEqualTo("network,policy,sla_ms,requests,accuracy,sla_attainment,on_device_reliance,"
                + "p50_latency_ms,p99_latency_ms,bytes_sent");
        assertThat(csv).hasSize(3);
        assertThat(csv.get(1)).startsWith("5gophers_walking,mdinference,150,8,");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg", "mdinference",
                "5gophers_walking", "<h2>Paired against mdinference</h2>");
        assertThat(printed.toString()).contains("within SLA", "static-latency", "Paired against mdinference");
        List<String> paired = Files.readAllLines(out.resolve("paired.csv"));
        assertThat(paired.get(0)).startsWith("network,sla_ms,policy,baseline,images,both_right,only_policy,");
        assertThat(paired).hasSize(2);
        assertThat(paired.get(1)).startsWith("5gophers_walking,150,static-latency,mdinference,8,");
        List<String> requests = Files.readAllLines(out.resolve("requests.csv"));
        assertThat(requests.get(0)).isEqualTo("network,policy,sla_ms,device,request,image,label,answer,correct,"
                + "source,model,latency_ms");
        assertThat(requests).hasSize(1 + 2 * 8);
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
    void badValuesAreOneLineErrors() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "demo", "--payload", "jpeg");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--payload must be png or tensor");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }
}
