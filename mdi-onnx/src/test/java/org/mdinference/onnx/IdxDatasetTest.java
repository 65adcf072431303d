package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetTest {

    @TempDir
    Path dir;

    @Test
    void readsTheCommittedTestSplit() {
        IdxDataset test = IdxDataset.testSplit(Committed.testSplit());

        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.imageSize()).isEqualTo(new Size(28, 28));
        // Fashion-MNIST's first test image is an ankle boot (class 9), its second a pullover (class 2)
        assertThat(test.label(0)).isEqualTo(9);
        assertThat(test.label(1)).isEqualTo(2);
        int[] perClass = new int[10];
        for (int i = 0; i < test.size(); i++) {
            perClass[test.label(i)]++;
        }
        assertThat(perClass).containsOnly(1000);
        assertThat(test.first(3).size()).isEqualTo(3);
    }

    @Test
    void anImageSentAsPngDecodesToTheSamePixels() {
        IdxDataset test = IdxDataset.testSplit(Committed.testSplit()).first(3);
        for (int i = 0; i < test.size(); i++) {
            Pixels decoded = Pixels.decode(test.png(i));
            assertThat(decoded.size()).isEqualTo(test.imageSize());
            assertThat(decoded.channels()).isEqualTo(1);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    assertThat(decoded.get(y, x, 0)).isEqualTo(test.image(i).get(y, x, 0));
                }
            }
        }
    }

    @Test
    void readsPlainAndGzippedFiles() throws IOException {
        Path images = write("images.gz", true, header(0x0803, 2, 2, 3), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
            10, (byte) 255});
        Path labels = write("labels", false, header(0x0801, 2), new byte[] {7, 3});

        IdxDataset data = IdxDataset.read(images, labels);

        assertThat(data.size()).isEqualTo(2);
        assertThat(data.imageSize()).isEqualTo(new Size(2, 3));
        assertThat(data.label(1)).isEqualTo(3);
        Pixels second = data.image(1);
        assertThat(second.get(0, 0, 0)).isEqualTo(6f);
        assertThat(second.get(1, 2, 0)).isEqualTo(255f);
        assertThat(data.first(1).label(0)).isEqualTo(7);
    }

    @Test
    void aWrongMagicNumberIsNamed() throws IOException {
        Path labels = write("labels", false, header(0x0801, 1), new byte[] {1});
        Path images = write("images", false, header(0x0801, 1), new byte[] {1});

        assertThatThrownBy(() -> IdxDataset.read(images, labels))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(images + " is not an IDX file of 3-dimensional unsigned bytes: it should start with the"
                        + " magic number 0x00000803");
    }

    @Test
    void aTruncatedFileIsNamed() throws IOException {
        Path images = write("images", false, header(0x0803, 2, 2, 2), new byte[7]);
        Path labels = write("labels", false, header(0x0801, 2), new byte[2]);

        assertThatThrownBy(() -> IdxDataset.read(images, labels))
                .hasMessage(images + " should hold 8 bytes after its header, as the header declares, but holds 7");
    }

    @Test
    void countsMustAgree() throws IOException {
        Path images = write("images", false, header(0x0803, 2, 1, 1), new byte[2]);
        Path labels = write("labels", false, header(0x0801, 3), new byte[3]);

        assertThatThrownBy(() -> IdxDataset.read(images, labels))
                .hasMessage(images + " holds 2 images, but " + labels + " holds 3 labels");
    }

    @Test
    void aMissingSplitIsNamed() {
        assertThatThrownBy(() -> IdxDataset.testSplit(dir))
                .hasMessage("no t10k-images-idx3-ubyte.gz (or t10k-images-idx3-ubyte) in " + dir);
    }

    private static byte[] header(int magic, int... dims) {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
        for (int dim : dims) {
            header.putInt(dim);
        }
        return header.array();
    }

    private Path write(String name, boolean gzip, byte[] header, byte[] body) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(header);
            out.write(body);
        }
        return file;
    }
}
