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
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.mdinference.onnx.Committed;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.model.OnnxZooLoader;

class ZooCommandTest {

    /** Runs {@code mdi} in-process, and serves or trims the committed zoo and test split, for the commands' tests. */
    static class Cli {

        final StringWriter stdout = new StringWriter();
        final StringWriter stderr = new StringWriter();

        int mdi(String... args) {
            return Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), args);
        }

        /** The server on the committed zoo, on a free loopback port, warmed up and ready. */
        static MdiServer committedZooServer(ServerConfig.Builder settings) throws Exception {
            ServerConfig config = settings.host("127.0.0.1").port(0).build();
            MdiServer server = new MdiServer(config, new OnnxZooLoader(System::nanoTime).load(Committed.zoo(),
                    config.intraOpThreads(), config.maxBatch()));
            server.start();
            server.awaitReady(Duration.ofMinutes(5));
            return server;
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
        assertThat(cli.stderr.toString()).startsWith("mdi zoo: missing a subcommand: eval or profile");
    }

    @Test
    void helpListsBothSubcommands() {
        assertThat(cli.mdi("zoo", "--help")).isZero();
        assertThat(cli.stdout.toString()).contains("eval", "profile", "docs/zoo.md");
        assertThat(cli.mdi("--help")).isZero();
        assertThat(cli.stdout.toString()).contains("zoo");
    }
}
