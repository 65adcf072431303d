package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ServeCommandTest {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args)).isZero();
        return out.toString();
    }

    @Test
    void serveHelpExplainsEveryOptionWithItsDefault() {
        String help = run("serve", "--help");
        assertThat(help).contains("--zoo", "default: zoo/fashion", "--port", "8080", "--grpc-port",
                "inference.GRPCInferenceService", "default: 8081", "0 for any free one", "--policy",
                "static-accuracy", "static-latency", "--max-batch", "default: 32",
                "--max-batch-ms", "--max-queue-delay-ms", "--queue-capacity", "--workers", "--threads", "--max-body-bytes",
                "--request-timeout-ms", "--request-log", "--no-warm-up");
    }

    @Test
    void loadtestHelpNamesBothLoops() {
        String help = run("loadtest", "--help");
        assertThat(help).contains("--url", "--model", "--concurrency", "--rate", "--duration", "--sla-ms");
    }
}
