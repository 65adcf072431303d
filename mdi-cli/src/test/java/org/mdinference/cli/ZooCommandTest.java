package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.mdinference.onnx.Committed;

class ZooCommandTest {

    /** Runs {@code mdi} in-process, and serves or trims the committed zoo and test split, for the commands' tests. */
    static class Cli {

        final StringWriter stdout = new StringWriter();
        final StringWriter stderr = new StringWriter();

        int mdi(String... args) {
            return Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), args);
        }

        /** The first n images and labels of the committed test split, as IDX files in a folder of their own. */
        static Path smallTestSplit(Path into, int n) {
            try {
                Files.createDirectories(into);
                copyFirst(Committed.testSplit().resolve("t10k-images-idx3-ubyte.gz"), into.resolve("t10k-images-idx3-ubyte"),
                        16, n * 28 * 28, n);
                copyFirst(Committed.testSplit().resolve("t10k-labels-idx1-ubyte.gz"), into.resolve("t10k-labels-idx1-ubyte"),
                        8, n, n);
                return into;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void copyFirst(Path gzipped, Path plain, int header, int body, int count) throws IOException {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipped))) {
                ByteBuffer bytes = ByteBuffer.wrap(in.readNBytes(header + body));
                bytes.putInt(4, count);
                Files.write(plain, bytes.array());
            }
        }
    }

    private final Cli cli = new Cli();

    @Test
    void withoutASubcommandItSaysWhichExistInOneLine() {
        assertThat(cli.mdi("zoo")).isEqualTo(2);
        assertThat(cli.stderr.toString()).startsWith("mdi zoo: missing a subcommand: eval, profile, calibrate or sign");
    }

    @Test
    void helpListsEverySubcommand() {
        assertThat(cli.mdi("zoo", "--help")).isZero();
        assertThat(cli.stdout.toString()).contains("eval", "profile", "sign", "docs/zoo.md");
        assertThat(cli.mdi("--help")).isZero();
        assertThat(cli.stdout.toString()).contains("zoo");
    }
}
