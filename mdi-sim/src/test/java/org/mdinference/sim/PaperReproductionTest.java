package org.mdinference.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.mdinference.core.Zoo;
import org.mdinference.sim.network.NetworkSpecs;
import org.mdinference.sim.report.Csv;
import org.mdinference.traces.SharedData;
import org.mdinference.traces.TransferSettings;
import org.junit.jupiter.api.Test;

/** Figure 1 of the paper, recomputed: MDInference without duplication on the "Artificial" network N(50, 25). */
class PaperReproductionTest {

    /** Figure 1's pool: the four 224-pixel MobileNets plus the large models. */
    static final List<String> FIGURE1_POOL = List.of("mobilenet_v1_0.25_224", "mobilenet_v1_0.5_224",
            "mobilenet_v1_0.75_224", "mobilenet_v1_1.0_224", "densenet", "inception_resnet_v2", "inception_v3",
            "inception_v4", "nasnet_large", "nasnet_mobile", "squeezenet");

    @Test
    void figure1IsWithinAPointOfAccuracyAndFiveMillisecondsOfThePublishedCurve() throws IOException {
        List<List<String>> published;
        try (Reader csv = Files.newBufferedReader(SharedData.folder().resolve("paper/figure1-mdinference-no-dup.csv"))) {
            published = Csv.read(csv).stream().skip(1).map(Csv.Record::fields).toList();
        }
        double[] slas = published.stream().mapToDouble(p -> Double.parseDouble(p.get(0))).toArray();
        Zoo pool = ZooTable.load("paper-gpu").zoo().only(FIGURE1_POOL);
        Simulator simulator = new Simulator(
                new SimulationSettings(pool, Optional.empty(), false, Knowledge.TRUE, 10_000, 1));

        List<ResultRow> rows = simulator.sweep(NetworkSpecs.parse("paper:Artificial", TransferSettings.DEFAULTS),
                List.of("mdinference"), slas, (n, d, t) -> { });

        assertThat(rows).hasSize(published.size());
        for (int i = 0; i < rows.size(); i++) {
            ResultRow row = rows.get(i);
            assertThat(100 * row.aggregateAccuracy()).as("accuracy at %s ms", row.slaMs())
                    .isCloseTo(Double.parseDouble(published.get(i).get(1)), within(1.0));
            assertThat(row.meanLatencyMs()).as("mean latency at %s ms", row.slaMs())
                    .isCloseTo(Double.parseDouble(published.get(i).get(2)), within(5.0));
        }
    }
}
