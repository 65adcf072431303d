package org.mdinference.onnx;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A decoded image: height x width pixels of one grey or three RGB channels, values 0..255, stored row by row with
 * the channels of a pixel side by side. Immutable.
 */
public final class Pixels {

    /**
     * The most pixels an encoded image may declare, read from its header before any pixel is decoded: a few bytes
     * (a PNG of one colour compresses a thousandfold) must not make the server allocate gigabytes. Decoding holds up
     * to about 24 bytes a pixel at once (a 16-bit RGBA raster, its ARGB copy, three float channels), so 4096x4096
     * (a 12-megapixel phone photo, 4032x3024, still fits) costs at most about 400 MB: half the heap of the frontend
     * pod (1 GiB, 75 % of it heap; deploy/k8s), where the 50 megapixels allowed before needed 1.2 GB. A model that
     * does not resize takes a tighter bound, its own input size ({@link ImagePreprocessor#image}).
     */
    public static final long MAX_PIXELS = 4096L * 4096;

    private final Size size;
    private final int channels;
    private final float[] values;

    private Pixels(Size size, int channels, float[] values) {
        this.size = size;
        this.channels = channels;
        this.values = values;
    }

    /** A grey image from {@code height * width} unsigned bytes, row by row, starting at {@code offset}. */
    public static Pixels gray(byte[] data, int offset, int height, int width) {
        Size size = new Size(height, width);
        if (offset < 0 || (long) offset + (long) height * width > data.length) {
            throw new IllegalArgumentException("a " + size + " grey image at offset " + offset + " does not fit in "
                    + data.length + " bytes");
        }
        float[] values = new float[height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = data[offset + i] & 0xff;
        }
        return new Pixels(size, 1, values);
    }

    /**
     * Decodes a PNG or JPEG (or any other format javax.imageio reads). Grey images stay one channel, with their
     * stored values untouched; everything else becomes RGB without alpha.
     *
     * @throws IllegalArgumentException when the bytes are no image a decoder recognises, are corrupt, or declare
     *     more than {@link #MAX_PIXELS} pixels
     */
    public static Pixels decode(byte[] encoded) {
        return decode(encoded, declared -> { });
    }

    /**
     * Decodes an image as {@link #decode(byte[])} does, once {@code declared} has accepted the size its header
     * declares: a caller that knows which sizes it can use refuses the others before their pixels are allocated.
     *
     * @param declared throws an {@link IllegalArgumentException} to refuse the image's size
     * @throws IllegalArgumentException as {@link #decode(byte[])} does, or as {@code declared} does
     */
    public static Pixels decode(byte[] encoded, Consumer<Size> declared) {
        // in memory: ImageIO.createImageInputStream would spill every request to a temporary file
        try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException("the " + encoded.length + " bytes are not an image of a format"
                        + " this runtime decodes (PNG or JPEG)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                // the header only: neither PNG's nor JPEG's reader allocates the raster before read
                int width = decoding(() -> reader.getWidth(0));
                int height = decoding(() -> reader.getHeight(0));
                long pixels = (long) width * height;
                if (pixels > MAX_PIXELS) {
                    throw new IllegalArgumentException("the image declares " + height + "x" + width + " pixels ("
                            + pixels + "), more than the " + MAX_PIXELS + " accepted");
                }
                declared.accept(new Size(height, width));
                return of(decoding(() -> reader.read(0)));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close an in-memory image stream", e);
        }
    }

    private interface Decoding<T> {
        T run() throws IOException;
    }

    private static <T> T decoding(Decoding<T> step) {
        try {
            return step.run();
        } catch (IOException | RuntimeException e) {
            // decoders report damage with IOExceptions and, for some garbled data, with runtime exceptions
            throw new IllegalArgumentException("the image is corrupt or truncated: " + e.getMessage(), e);
        }
    }

    private static Pixels of(BufferedImage image) {
        Size size = new Size(image.getHeight(), image.getWidth());
        Raster raster = image.getRaster();
        boolean gray = !(image.getColorModel() instanceof IndexColorModel) && raster.getNumBands() <= 2;
        float[] values = new float[size.height() * size.width() * (gray ? 1 : 3)];
        if (gray) {
            // samples, not getRGB: Java would pass grey through a colour-space conversion and change the values
            double max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
            for (int y = 0, i = 0; y < size.height(); y++) {
                for (int x = 0; x < size.width(); x++) {
                    values[i++] = (float) (raster.getSample(x, y, 0) * 255 / max);
                }
            }
            return new Pixels(size, 1, values);
        }
        int[] argb = image.getRGB(0, 0, size.width(), size.height(), null, 0, size.width());
        for (int p = 0; p < argb.length; p++) {
            values[3 * p] = (argb[p] >> 16) & 0xff;
            values[3 * p + 1] = (argb[p] >> 8) & 0xff;
            values[3 * p + 2] = argb[p] & 0xff;
        }
        return new Pixels(size, 3, values);
    }

    public Size size() {
        return size;
    }

    /** 1 for grey, 3 for RGB. */
    public int channels() {
        return channels;
    }

    /** The value of channel c of the pixel at row y, column x, in 0..255. */
    public float get(int y, int x, int c) {
        return values[(y * size.width() + x) * channels + c];
    }

    /** These pixels as one grey channel (ITU-R BT.601 luma in PIL's integer arithmetic) or as three RGB channels. */
    Pixels toChannels(int wanted) {
        if (wanted == channels) {
            return this;
        }
        int count = size.height() * size.width();
        float[] converted = new float[count * wanted];
        for (int p = 0; p < count; p++) {
            if (wanted == 1) {
                int r = (int) values[3 * p];
                int g = (int) values[3 * p + 1];
                int b = (int) values[3 * p + 2];
                converted[p] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
            } else {
                converted[3 * p] = converted[3 * p + 1] = converted[3 * p + 2] = values[p];
            }
        }
        return new Pixels(size, wanted, converted);
    }

    /** The window of the given size whose top-left pixel is at (top, left). */
    Pixels crop(int top, int left, Size window) {
        if (top < 0 || left < 0 || top + window.height() > size.height() || left + window.width() > size.width()) {
            throw new IllegalArgumentException("cannot crop " + window + " at (" + top + ", " + left + ") from a "
                    + size + " image");
        }
        float[] cropped = new float[window.height() * window.width() * channels];
        int row = window.width() * channels;
        for (int y = 0; y < window.height(); y++) {
            System.arraycopy(values, ((top + y) * size.width() + left) * channels, cropped, y * row, row);
        }
        return new Pixels(window, channels, cropped);
    }

    /** Built by the resampler, which fills a fresh array. */
    static Pixels wrap(Size size, int channels, float[] values) {
        return new Pixels(size, channels, values);
    }
}
