package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mdinference.loadgen.Soak;
import org.mdinference.onnx.Committed;

/**
 * The CI-length soak of docs/reliability.md: {@code mdi serve} in a JVM of its own, with a small queue and a short
 * request timeout so that the bursts meet 503s and 504s, takes 20 s of the mixed load with bursts at three times its
 * capacity and clients that give up mid-request. Every request is accounted for, none lost or hung, and the
 * server's threads, direct memory and heap end where they started.
 */
class SoakTest {

    private static final Duration SOAK = Duration.ofSeconds(20);
    private static final Duration WINDOW = Duration.ofSeconds(3);
    private static final int MAX_IN_FLIGHT = 64;
    private static final double MB = 1 << 20;

    @Test
    @Timeout(150)
    void aBurstyMixedLoadLosesNothingAndLeavesTheServerAsItWas() throws Exception {
        try (ServeProcess serve = ServeProcess.start(ServeProcess.Role.FRONT_END, Committed.zoo(), 0,
                Duration.ofSeconds(90), "--queue-capacity", "32", "--request-timeout-ms", "1000")) {
            StringWriter report = new StringWriter();
            Soak.Settings settings = new Soak.Settings(URI.create(serve.url()), "fashion", SOAK, WINDOW, Double.NaN,
                    3, 0.5, Duration.ofSeconds(5), MAX_IN_FLIGHT, 12,
                    new Soak.Flatness(MAX_IN_FLIGHT, SoakCommand.DEFAULT_DIRECT_SLACK_MB * MB,
                            SoakCommand.DEFAULT_HEAP_SLACK_MB * MB));

            Soak.Result result = Soak.run(settings, new PrintWriter(report, true));
            System.out.println(report);

            assertThat(result.failures()).as(report.toString()).isEmpty();
            assertThat(result.lost()).isZero();
            assertThat(result.hung()).isZero();
            assertThat(result.counts().accounted()).isEqualTo(result.sent());
            assertThat(result.counts().served()).isGreaterThan(1_000);
            assertThat(result.counts().errors()).as("malformed requests refused").containsKey(400);
            assertThat(result.counts().abandoned()).isPositive();
            assertThat(result.burstDue()).as("bursts ran").isPositive();
        }
    }
}
