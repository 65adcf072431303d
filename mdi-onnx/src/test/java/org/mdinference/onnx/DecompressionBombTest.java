package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A small image that declares huge dimensions is refused from its header, before any raster is allocated: a 50000 x
 * 50000 image would need 2.5 GB as bytes, and tens of GB on the way to floats. Each bomb holds only its first rows, so
 * a decoder that went ahead would fail differently (out of memory, or "corrupt or truncated"): the exact refusals
 * below show that the header alone decided.
 */
class DecompressionBombTest {

    private static final InputShape FASHION = new InputShape("fashion", List.of(-1L, 1L, 28L, 28L));
    private static final Preprocessing GRAY = new Preprocessing(Preprocessing.Layout.NCHW,
            Preprocessing.Color.GRAYSCALE, Preprocessing.Scale.UNIT, Optional.empty(), Optional.empty(),
            List.of(0.0), List.of(1.0));
    /** An ImageNet-style model resizes any image, so only the fixed cap bounds what it takes. */
    private static final ImagePreprocessor RESIZING = new ImagePreprocessor(
            new InputShape("resnet", List.of(-1L, 3L, 224L, 224L)), Optional.of(new Preprocessing(
            Preprocessing.Layout.NCHW, Preprocessing.Color.RGB, Preprocessing.Scale.UNIT,
            Optional.of(new Resize.ShorterSide(256)), Optional.of(new Size(224, 224)), List.of(0.485, 0.456, 0.406),
            List.of(0.229, 0.224, 0.225))));

    @Test
    void aSmallPngDeclaringFiftyThousandSquaredIsRefusedFromItsHeader() {
        byte[] bomb = ImageBombs.png(50_000, 50_000);

        assertThat(bomb.length).isLessThan(2_000);
        assertThatThrownBy(() -> Pixels.decode(bomb)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the image declares 50000x50000 pixels (2500000000), more than the 16777216 accepted");
        assertThatThrownBy(() -> RESIZING.image(bomb)).hasMessageStartingWith("the image declares 50000x50000");
    }

    @Test
    void aSmallJpegDeclaringFiftyThousandSquaredIsRefusedFromItsHeader() {
        byte[] bomb = ImageBombs.jpeg(50_000, 50_000);

        assertThat(bomb.length).isLessThan(1_000);
        assertThatThrownBy(() -> Pixels.decode(bomb)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the image declares 50000x50000 pixels (2500000000), more than the 16777216 accepted");
        assertThatThrownBy(() -> RESIZING.image(bomb)).hasMessageStartingWith("the image declares 50000x50000");
    }

    @Test
    void theCapIsFourThousandNinetySixSquared() {
        assertThatThrownBy(() -> Pixels.decode(ImageBombs.png(4097, 4096)))
                .hasMessage("the image declares 4096x4097 pixels (16781312), more than the 16777216 accepted");
        // at the cap the header passes, and the decoder finds the rows missing
        assertThatThrownBy(() -> Pixels.decode(ImageBombs.png(4096, 4096)))
                .hasMessageStartingWith("the image is corrupt or truncated");
    }

    @Test
    void aModelThatDoesNotResizeRefusesAnyOtherSizeFromTheHeader() {
        ImagePreprocessor fashion = new ImagePreprocessor(FASHION, Optional.of(GRAY));

        // under the cap, and truncated: decoding it would have failed as corrupt, not for its size
        assertThatThrownBy(() -> fashion.image(ImageBombs.png(4000, 3000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model fashion takes 28x28 images, but this one is 3000x4000 and the model's preprocessing"
                        + " does not resize");
        assertThatThrownBy(() -> fashion.image(ImageBombs.jpeg(4000, 3000)))
                .hasMessageStartingWith("model fashion takes 28x28 images, but this one is 3000x4000");
        assertThat(fashion.image(ImageBombs.png(28, 28))).hasSize(784).containsOnly(0f);
    }
}
