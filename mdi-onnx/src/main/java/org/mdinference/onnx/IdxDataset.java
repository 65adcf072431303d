package org.mdinference.onnx;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * Labelled grey images in the IDX format of MNIST and Fashion-MNIST (gzipped or not): an images file of magic
 * 0x00000803 (count x rows x columns unsigned bytes) and a labels file of magic 0x00000801 (count unsigned bytes).
 * Immutable.
 */
public final class IdxDataset {

    /** The test split's file names without the {@code .gz} they usually carry. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private static final int IMAGES_MAGIC = 0x0803;
    private static final int LABELS_MAGIC = 0x0801;
    private static final int GZIP_MAGIC = 0x1f8b;

    private final byte[] pixels;
    private final byte[] labels;
    private final Size imageSize;

    private IdxDataset(byte[] pixels, byte[] labels, Size imageSize) {
        this.pixels = pixels;
        this.labels = labels;
        this.imageSize = imageSize;
    }

    /** The test split in a folder: {@value #TEST_IMAGES} and {@value #TEST_LABELS}, each gzipped or not. */
    public static IdxDataset testSplit(Path folder) {
        return read(find(folder, TEST_IMAGES), find(folder, TEST_LABELS));
    }

    /**
     * Reads an images file and its labels file.
     *
     * @throws IllegalArgumentException naming the file when a magic number, a count or a length is wrong
     */
    public static IdxDataset read(Path images, Path labels) {
        ByteBuffer imageData = contents(images);
        ByteBuffer labelData = contents(labels);
        int[] imageDims = header(imageData, IMAGES_MAGIC, images);
        int[] labelDims = header(labelData, LABELS_MAGIC, labels);
        if (imageDims[0] != labelDims[0]) {
            throw new IllegalArgumentException(images + " holds " + imageDims[0] + " images, but " + labels
                    + " holds " + labelDims[0] + " labels");
        }
        byte[] pixels = body(imageData, (long) imageDims[0] * imageDims[1] * imageDims[2], images);
        byte[] labelBytes = body(labelData, labelDims[0], labels);
        return new IdxDataset(pixels, labelBytes, new Size(imageDims[1], imageDims[2]));
    }

    public int size() {
        return labels.length;
    }

    /** Rows x columns of every image. */
    public Size imageSize() {
        return imageSize;
    }

    /** The class of image i. */
    public int label(int i) {
        return labels[i] & 0xff;
    }

    public Pixels image(int i) {
        return Pixels.gray(pixels, i * imageSize.height() * imageSize.width(), imageSize.height(), imageSize.width());
    }

    /**
     * Image i encoded as an 8-bit grey PNG, as an app would send it: the smallest honest form of the picture on
     * the wire, and one the zoo's preprocessing turns back into exactly these pixels.
     */
    public byte[] png(int i) {
        BufferedImage grey = new BufferedImage(imageSize.width(), imageSize.height(), BufferedImage.TYPE_BYTE_GRAY);
        int pixelsEach = imageSize.height() * imageSize.width();
        grey.getRaster().setDataElements(0, 0, imageSize.width(), imageSize.height(),
                Arrays.copyOfRange(pixels, i * pixelsEach, (i + 1) * pixelsEach));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(grey, "png", out)) {
                throw new IllegalStateException("this JDK has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The first n images and labels, or all of them when there are fewer. */
    public IdxDataset first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot take " + n + " images");
        }
        int count = Math.min(n, size());
        int pixelsEach = imageSize.height() * imageSize.width();
        return new IdxDataset(Arrays.copyOf(pixels, count * pixelsEach), Arrays.copyOf(labels, count), imageSize);
    }

    private static Path find(Path folder, String name) {
        for (Path candidate : new Path[] {folder.resolve(name + ".gz"), folder.resolve(name)}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no " + name + ".gz (or " + name + ") in " + folder);
    }

    private static ByteBuffer contents(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length >= 2 && ((bytes[0] & 0xff) << 8 | (bytes[1] & 0xff)) == GZIP_MAGIC) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = in.readAllBytes();
                }
            }
            return ByteBuffer.wrap(bytes);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("IDX file " + file + " does not exist", e);
            }
            throw new UncheckedIOException("cannot read IDX file " + file + " (is it damaged?)", e);
        }
    }

    /** The dimensions the header declares, after checking the magic number. */
    private static int[] header(ByteBuffer data, int magic, Path file) {
        int dimensions = magic & 0xff;
        if (data.remaining() < 4 + 4 * dimensions || data.getInt(0) != magic) {
            throw new IllegalArgumentException(file + " is not an IDX file of " + dimensions
                    + "-dimensional unsigned bytes: it should start with the magic number 0x"
                    + String.format("%08x", magic));
        }
        int[] dims = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            dims[d] = data.getInt(4 + 4 * d);
            if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
                throw new IllegalArgumentException(file + " declares a dimension of " + dims[d]);
            }
        }
        data.position(4 + 4 * dimensions);
        return dims;
    }

    private static byte[] body(ByteBuffer data, long expected, Path file) {
        if (data.remaining() != expected) {
            throw new IllegalArgumentException(file + " should hold " + expected + " bytes after its header, as the"
                    + " header declares, but holds " + data.remaining());
        }
        byte[] body = new byte[data.remaining()];
        data.get(body);
        return body;
    }
}
