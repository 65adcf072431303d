package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.onnx.Committed;

class ZooProfileCommandTest extends ZooCommandTest.Cli {

    @TempDir
    Path dir;

    @Test
    void writesTheProfileAndPrintsItsTable() throws IOException {
        Path out = dir.resolve("profile.csv");

        int code = mdi("zoo", "profile", "--zoo", Committed.zoo().toString(), "--runs", "2", "--max-batch", "2",
                "--out", out.toString());

        assertThat(code).as(stderr.toString()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0))
                .isEqualTo("model,batch,threads,latency_mean_ms,latency_std_ms,p50_ms,p99_ms,top1,on_device");
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.matches("\\S+,[12],1,.*,(true|false)"));
        assertThat(stdout.toString()).contains("b1 mean", "b1 p99", "b2 ms/item", "wrote " + out, "1 intra-op thread");
        assertThat(stderr.toString()).contains(": 2/2 done");
    }

    @Test
    void theProfileGoesIntoTheZooFolderByDefault() {
        Path zoo = Committed.zooCopy(dir);

        int code = mdi("zoo", "profile", "--zoo", zoo.toString(), "--runs", "1", "--max-batch", "1");

        assertThat(code).as(stderr.toString()).isZero();
        assertThat(zoo.resolve("profile.csv")).exists();
    }

    @Test
    void badValuesAreNamedInOneLine() {
        assertThat(mdi("zoo", "profile", "--runs", "0")).isEqualTo(2);
        assertThat(mdi("zoo", "profile", "--max-batch", "48")).isEqualTo(2);
        assertThat(mdi("zoo", "profile", "--threads", "0")).isEqualTo(2);
        assertThat(mdi("zoo", "profile", "--zoo", dir.resolve("nothing").toString())).isEqualTo(2);
        assertThat(stderr.toString()).contains("--runs must be at least 1, got 0", "got 48",
                "--threads must be at least 1, got 0", "nothing");
        assertThat(stderr.toString().lines()).hasSize(4).allMatch(l -> l.startsWith("mdi zoo profile: "));
    }

    @Test
    void helpSaysWhyOneThreadIsTheDefault() {
        assertThat(mdi("zoo", "profile", "--help")).isZero();
        assertThat(stdout.toString()).contains("--runs", "--max-batch", "--threads", "--max-seconds", "--out",
                "one request per", "Examples:");
    }
}
