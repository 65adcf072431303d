package org.mdinference.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceDirectoryNetworkTest {

    private static final TransferSettings HUNDRED_KB = new TransferSettings(100, 1, 40, 1.0, 1000);

    @TempDir
    Path dir;

    private Path collection() throws IOException {
        Path collection = Files.createDirectory(dir.resolve("mixed"));
        Files.writeString(collection.resolve("ping.csv"), "rtt_ms\n100\n");
        Files.writeString(collection.resolve("constant"), "0 8\n5 8\n");
        return collection;
    }

    @Test
    void aDirectoryIsOneNetworkOfItsTracesNamedAfterIt() throws IOException {
        Path collection = collection();
        Files.writeString(collection.resolve("cell.up"), "1\n2\n3\n10\n");
        Files.writeString(collection.resolve("cell.down"), "7\n8\n9\n10\n");
        Files.writeString(collection.resolve("README.md"), "# traces\n");
        Files.writeString(collection.resolve("README"), "traces\n");
        Files.writeString(collection.resolve("LICENSE"), "MIT License\n");
        Files.writeString(collection.resolve("SOURCES.tsv"), "local_path\trepo\n");
        Files.writeString(collection.resolve("notes.txt"), "measured on a Tuesday\n");
        Files.createDirectory(collection.resolve("raw"));

        TraceDirectoryNetwork network = (TraceDirectoryNetwork) TraceSpecs.network("trace:" + collection, HUNDRED_KB);

        assertThat(network.name()).isEqualTo("mixed");
        assertThat(network.traceCount()).isEqualTo(3);
        assertThat(network.skippedFiles()).isEqualTo(2);
    }

    @Test
    void eachRequestMeetsOneTraceChosenAtRandom() throws IOException {
        Network network = TraceSpecs.network("trace:" + collection(), HUNDRED_KB);

        NetworkTimes times = network.sample(1000, 4);

        long onPing = Arrays.stream(times.uploadMs()).filter(ms -> ms == 50).count();
        long onConstant = Arrays.stream(times.uploadMs()).filter(ms -> ms == 120).count();
        assertThat(onPing + onConstant).isEqualTo(1000);
        assertThat(onPing).isBetween(430L, 570L);
        for (int i = 0; i < times.size(); i++) {
            assertThat(times.returnMs()[i]).isEqualTo(times.uploadMs()[i] == 50 ? 50.0 : 21.0);
        }
    }

    @Test
    void theSameSeedMeetsTheSameTraces() throws IOException {
        Network network = TraceSpecs.network("trace:" + collection(), HUNDRED_KB);

        assertThat(network.sample(200, 4).uploadMs()).containsExactly(network.sample(200, 4).uploadMs());
        assertThat(network.sample(200, 5).uploadMs()).isNotEqualTo(network.sample(200, 4).uploadMs());
    }

    @Test
    void aDirectoryWithoutTracesIsRejected() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("docs"));
        Files.writeString(empty.resolve("README.md"), "# nothing here\n");
        Files.writeString(empty.resolve("notes.txt"), "nor here\n");

        assertThatThrownBy(() -> TraceSpecs.network("trace:" + empty, HUNDRED_KB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(empty + ": no trace of a known format in this directory (1 other files); understood are "
                        + TraceFormat.understood());
    }

    @Test
    void aMalformedTraceInADirectoryIsAnError() throws IOException {
        Path collection = collection();
        Files.writeString(collection.resolve("broken"), "0 8\n1 oops\n");

        assertThatThrownBy(() -> TraceSpecs.network("trace:" + collection, HUNDRED_KB))
                .hasMessage(collection.resolve("broken") + ": line 2 'oops' is not a number");
    }
}
