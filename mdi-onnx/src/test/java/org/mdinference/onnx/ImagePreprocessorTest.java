package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    private static final InputShape FASHION = new InputShape("fashion", List.of(-1L, 1L, 28L, 28L));
    private static final Preprocessing GRAY = new Preprocessing(Preprocessing.Layout.NCHW,
            Preprocessing.Color.GRAYSCALE, Preprocessing.Scale.UNIT, Optional.empty(), Optional.empty(),
            List.of(0.0), List.of(1.0));

    /** A 28x28 grey gradient: pixel (y, x) is 8y + x. */
    private static BufferedImage gradient() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                image.getRaster().setSample(x, y, 0, 8 * y + x);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ImageIO.write(image, format, out)).isTrue();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aGreyPngArrivesExactly() {
        float[] tensor = new ImagePreprocessor(FASHION, Optional.of(GRAY)).image(encode(gradient(), "png"));

        assertThat(tensor).hasSize(784);
        assertThat(tensor[0]).isEqualTo(0f);
        assertThat(tensor[28 * 3 + 5]).isEqualTo((float) ((8 * 3 + 5) / 255.0));
        assertThat(tensor[783]).isEqualTo((float) ((8 * 27 + 27) / 255.0));
    }

    @Test
    void aGreyJpegArrivesWithinItsCompressionError() {
        float[] tensor = new ImagePreprocessor(FASHION, Optional.of(GRAY)).image(encode(gradient(), "jpeg"));

        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertThat(tensor[y * 28 + x]).isCloseTo((8 * y + x) / 255f, within(6 / 255f));
            }
        }
    }

    @Test
    void aColourImageBecomesGreyAsPillowWouldMakeIt() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff8040);
        image.setRGB(1, 0, 0x0ac821);

        float[] tensor = new ImagePreprocessor(FASHION, Optional.of(GRAY)).image(encode(image, "png"));

        // Pillow 12.3: Image.new("RGB", (1, 1), (255, 128, 64)).convert("L") is 159, (10, 200, 33) gives 124
        assertThat(tensor[0]).isEqualTo((float) (159 / 255.0));
        assertThat(tensor[1]).isEqualTo((float) (124 / 255.0));
        assertThat(tensor[2]).isZero();
    }

    @Test
    void nhwcBgrAndMeanStdAreExact() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x0a141e);   // r=10 g=20 b=30
        image.setRGB(1, 0, 0x28323c);   // r=40 g=50 b=60
        Preprocessing bgr = new Preprocessing(Preprocessing.Layout.NHWC, Preprocessing.Color.BGR,
                Preprocessing.Scale.BYTE, Optional.empty(), Optional.empty(), List.of(1.0, 2.0, 3.0),
                List.of(2.0, 4.0, 8.0));
        InputShape shape = new InputShape("bgr", List.of(-1L, 1L, 2L, 3L));

        float[] tensor = new ImagePreprocessor(shape, Optional.of(bgr)).image(encode(image, "png"));

        // channel 0 is blue: (30 - 1) / 2, then green (20 - 2) / 4, red (10 - 3) / 8; then the second pixel
        assertThat(tensor).containsExactly(14.5f, 4.5f, 0.875f, 29.5f, 12f, 4.625f);
    }

    @Test
    void nchwRgbWithUnitScaleIsExact() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x0a141e);
        image.setRGB(1, 0, 0x28323c);
        Preprocessing rgb = new Preprocessing(Preprocessing.Layout.NCHW, Preprocessing.Color.RGB,
                Preprocessing.Scale.UNIT, Optional.empty(), Optional.empty(), List.of(0.5), List.of(0.25));
        InputShape shape = new InputShape("rgb", List.of(-1L, 3L, 1L, 2L));

        float[] tensor = new ImagePreprocessor(shape, Optional.of(rgb)).image(encode(image, "png"));

        float[] expected = new float[6];
        int[] planes = {10, 40, 20, 50, 30, 60};
        for (int i = 0; i < 6; i++) {
            expected[i] = (float) ((planes[i] / 255.0 - 0.5) / 0.25);
        }
        assertThat(tensor).containsExactly(expected);
    }

    @Test
    void resizingMatchesPillowsBilinear() {
        // Pillow 12.3, Image.new("F", (w, h)).putdata(values).resize((tw, th), Image.BILINEAR)
        assertResized(4, 4, i -> i * 10, 2, 2, 35.714287, 51.42857, 98.571434, 114.285713);
        assertResized(2, 2, i -> new int[] {0, 100, 50, 200}[i], 3, 3,
                0.0, 50.0, 100.0, 25.0, 87.5, 150.0, 50.0, 125.0, 200.0);
        assertResized(5, 3, i -> (i * 37) % 255, 2, 2, 80.295456, 89.096588, 152.170456, 110.26136);
    }

    private static void assertResized(int width, int height, IntUnaryOperator value,
                                      int targetWidth, int targetHeight, double... pillow) {
        byte[] data = new byte[width * height];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) value.applyAsInt(i);
        }
        Pixels resized = Resampler.resize(Pixels.gray(data, 0, height, width), new Size(targetHeight, targetWidth));
        for (int i = 0; i < pillow.length; i++) {
            assertThat((double) resized.get(i / targetWidth, i % targetWidth, 0)).as("pixel %d", i)
                    .isCloseTo(pillow[i], within(1e-4));
        }
    }

    @Test
    void resizeShorterSideThenCropTheCentre() {
        BufferedImage image = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 6; x++) {
            for (int y = 0; y < 4; y++) {
                image.getRaster().setSample(x, y, 0, 10 * x + y);
            }
        }
        Preprocessing crop = new Preprocessing(Preprocessing.Layout.NCHW, Preprocessing.Color.GRAYSCALE,
                Preprocessing.Scale.BYTE, Optional.of(new Resize.ShorterSide(4)), Optional.of(new Size(2, 3)),
                List.of(0.0), List.of(1.0));

        float[] tensor = new ImagePreprocessor(new InputShape("crop", List.of(-1L, 1L, 2L, 3L)), Optional.of(crop))
                .image(encode(image, "png"));

        // already 4 high: no resize; 4x6 -> 2x3 from row 1, column round-half-even(1.5) = 2
        assertThat(tensor).containsExactly(21f, 31f, 41f, 22f, 32f, 42f);
        assertThat(new Resize.ShorterSide(256).target(new Size(375, 500))).isEqualTo(new Size(256, 341));
        assertThat(new Resize.ShorterSide(256).target(new Size(500, 375))).isEqualTo(new Size(341, 256));
    }

    @Test
    void anImageOfTheWrongSizeIsRefusedWhenNothingResizes() {
        BufferedImage image = new BufferedImage(30, 30, BufferedImage.TYPE_BYTE_GRAY);

        assertThatThrownBy(() -> new ImagePreprocessor(FASHION, Optional.of(GRAY)).image(encode(image, "png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model fashion takes 28x28 images, but this one is 30x30 and the model's preprocessing"
                        + " does not resize");
    }

    @Test
    void corruptOrForeignBytesAreRefused() {
        ImagePreprocessor preprocessor = new ImagePreprocessor(FASHION, Optional.of(GRAY));
        byte[] png = encode(gradient(), "png");
        byte[] jpeg = encode(gradient(), "jpeg");

        assertThatThrownBy(() -> preprocessor.image("hello".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the 5 bytes are not an image of a format this runtime decodes (PNG or JPEG)");
        assertThatThrownBy(() -> preprocessor.image(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> preprocessor.image(Arrays.copyOf(png, png.length / 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the image is corrupt or truncated");
        assertThatThrownBy(() -> preprocessor.image(Arrays.copyOf(jpeg, 40)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the image is corrupt or truncated");
        byte[] scrambled = png.clone();
        for (int i = 40; i < scrambled.length - 20; i++) {
            scrambled[i] ^= (byte) (i * 31);
        }
        assertThatThrownBy(() -> preprocessor.image(scrambled)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawTensorsPassThroughWhenTheirShapeFits() {
        ImagePreprocessor preprocessor = new ImagePreprocessor(FASHION, Optional.empty());
        float[] values = new float[2 * 784];

        assertThat(preprocessor.tensor(values, new long[] {2, 1, 28, 28})).isSameAs(values);
        assertThatThrownBy(() -> preprocessor.tensor(values, new long[] {2, 28, 28}))
                .hasMessage("input of fashion must have shape [N, 1, 28, 28], got [2, 28, 28]");
        assertThatThrownBy(() -> preprocessor.tensor(new float[10], new long[] {1, 1, 28, 28}))
                .hasMessage("input of fashion with shape [1, 1, 28, 28] needs 784 values, got 10");
        assertThatThrownBy(() -> preprocessor.image(encode(gradient(), "png")))
                .hasMessage("model fashion takes raw tensors only: its manifest entry has no preprocessing for images");
    }
}
