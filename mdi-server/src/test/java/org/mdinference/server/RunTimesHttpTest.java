package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdinference.core.Budget;
import org.mdinference.core.LatencyProfile;
import org.mdinference.core.Model;
import org.mdinference.core.TimeSpread;
import org.mdinference.server.scheduling.LiveProfiles;

/**
 * A real member's runs on a real server, as the server keeps them per batch size, beside the normal its profile
 * describes. Prints what it saw (docs/performance.md, "Run-time distributions on the server"):
 * {@code mvn -o -q -pl mdi-server -am verify -Dtest=RunTimesHttpTest -Dsurefire.failIfNoSpecifiedTests=false}, then
 * {@code cat mdi-server/target/surefire-reports/org.mdinference.server.RunTimesHttpTest-output.txt}.
 */
class RunTimesHttpTest {

    private static final String MEMBER = "lenet5";
    /** A full window of lone runs, and then some. */
    private static final int ALONE = 300;
    /** Enough batches of 4 to describe them. */
    private static final int FOURS = 64;

    private static HttpHarness http;

    @BeforeAll
    static void start() {
        http = new HttpHarness(ServerConfig.builder().maxBatch(4).intraOpThreads(1).warmUp(true), RealZoo.load(4));
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
    }

    private static void infer(int items) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("inputs", List.of(Map.of("name", "input", "shape", List.of(items, 1, 28, 28), "datatype",
                "FP32", "data", new float[items * 28 * 28])));
        HttpResponse<String> reply = http.post("/v2/models/" + MEMBER + "/infer", HttpHarness.json(request));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void theServerKeepsEachBatchSizesRunsAndTheirTailIsNoNormals() {
        for (int i = 0; i < ALONE; i++) {
            infer(1);
        }
        for (int i = 0; i < FOURS; i++) {
            infer(4);
        }
        LiveProfiles profiles = http.server.service().profiles();
        TimeSpread alone = profiles.of(MEMBER, 1);
        TimeSpread fours = profiles.of(MEMBER, 4);
        assertThat(alone.size()).isEqualTo(32);
        assertThat(fours.size()).isEqualTo(32);
        assertThat(profiles.of(MEMBER, 2)).as("no batch of 2 ran").isEqualTo(TimeSpread.NONE);
        assertThat(fours).as("a batch of 4 is kept apart from the lone runs").isNotEqualTo(alone);

        Model seen = profiles.zoo().model(MEMBER).orElseThrow();
        LatencyProfile profile = seen.latency();
        System.out.printf("%s, batch 1: live profile mean %.4f ms, std %.4f ms; %d runs seen, kept as 32 quantiles%n",
                MEMBER, profile.meanMs(), profile.stdMs(), ALONE);
        System.out.printf("%-10s %10s %10s%n", "quantile", "seen (ms)", "normal (ms)");
        double[] quantiles = {0.5, 0.9, 0.97, 1.0};
        double[] z = {0, 1.2816, 1.8808, Double.NaN};
        for (int q = 0; q < quantiles.length; q++) {
            System.out.printf("%-10s %10.4f %10s%n", quantiles[q], alone.quantileMs(quantiles[q]),
                    Double.isNaN(z[q]) ? "-" : String.format("%.4f", profile.meanMs() + z[q] * profile.stdMs()));
        }
        System.out.printf("batch 4: median %.4f ms, max %.4f ms (%d batches)%n", fours.quantileMs(0.5),
                fours.quantileMs(1), FOURS);
        // the runs against the normal of their own mean and deviation, and against the live profile's normal
        Model fitted = seen.withLatency(new LatencyProfile(alone.meanMs(), alone.stdMs()));
        Model normal = seen.withLatency(new LatencyProfile(profile.meanMs(), profile.stdMs()));
        System.out.printf("runs seen: mean %.4f ms, std %.4f ms%n", alone.meanMs(), alone.stdMs());
        System.out.printf("%-26s %8s %14s %15s%n", "P(run <= limit)", "seen", "their normal", "profile normal");
        for (double deviations : new double[] {1, 2, 3}) {
            Budget budget = new Budget(alone.meanMs() + deviations * alone.stdMs(), 0, 0);
            System.out.printf("%-26s %8.4f %14.4f %15.4f%n", "seen mean + " + (int) deviations + " std",
                    budget.arrivalChance(seen), budget.arrivalChance(fitted), budget.arrivalChance(normal));
        }
    }
}
