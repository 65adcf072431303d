package org.mdinference.onnx;

import java.util.Optional;

/**
 * Turns what a client sends into one item of a model's input, as the model's manifest entry says: encoded images
 * (PNG, JPEG) and decoded pixels go through the {@link Preprocessing} steps, raw tensors only have their shape
 * checked. Everything wrong is refused with an {@link IllegalArgumentException} naming the model and the mismatch.
 */
public final class ImagePreprocessor {

    private final InputShape input;
    private final Optional<Preprocessing> preprocessing;

    public ImagePreprocessor(InputShape input, Optional<Preprocessing> preprocessing) {
        this.input = input;
        this.preprocessing = preprocessing;
    }

    /** The model's input this preprocessor fills. */
    public InputShape input() {
        return input;
    }

    /** The manifest's steps for images; empty for a model that takes raw tensors only. */
    public Optional<Preprocessing> preprocessing() {
        return preprocessing;
    }

    /**
     * One item of the model's input from a PNG or JPEG. When the model's steps do not resize, only an image of its
     * input's size can fit, and any other is refused from its header, before its pixels are decoded: for such a
     * model that is a far tighter bound than {@link Pixels#MAX_PIXELS}.
     */
    public float[] image(byte[] encoded) {
        Preprocessing steps = steps();
        boolean exact = steps.resize().isEmpty() && steps.centerCrop().isEmpty();
        return pixels(Pixels.decode(encoded, declared -> {
            if (exact) {
                checkSize(declared, steps);
            }
        }));
    }

    /** One item of the model's input from decoded pixels. */
    public float[] pixels(Pixels image) {
        Preprocessing steps = steps();
        Pixels pixels = image.toChannels(steps.color().channels());
        if (steps.resize().isPresent()) {
            pixels = Resampler.resize(pixels, steps.resize().get().target(pixels.size()));
        }
        if (steps.centerCrop().isPresent()) {
            pixels = centreCrop(pixels, steps.centerCrop().get());
        }
        checkSize(pixels.size(), steps);
        return layOut(pixels, steps);
    }

    /**
     * A raw tensor, passed through when its shape is a batch of this model's input and it holds as many values as
     * that shape needs.
     */
    public float[] tensor(float[] values, long[] shape) {
        input.check(shape, values.length);
        return values;
    }

    private Preprocessing steps() {
        return preprocessing.orElseThrow(() -> new IllegalArgumentException("model " + input.model()
                + " takes raw tensors only: its manifest entry has no preprocessing for images"));
    }

    /** The central window, its offset rounded half to even as torchvision's {@code CenterCrop} does. */
    private Pixels centreCrop(Pixels pixels, Size window) {
        Size size = pixels.size();
        if (window.height() > size.height() || window.width() > size.width()) {
            throw new IllegalArgumentException("model " + input.model() + " crops " + window + " from the centre,"
                    + " but the image is " + size + " after resizing");
        }
        int top = (int) Math.rint((size.height() - window.height()) / 2.0);
        int left = (int) Math.rint((size.width() - window.width()) / 2.0);
        return pixels.crop(top, left, window);
    }

    private void checkSize(Size size, Preprocessing steps) {
        long height = input.dims().get(steps.layout().heightAxis());
        long width = input.dims().get(steps.layout().widthAxis());
        if (size.height() != height || size.width() != width) {
            throw new IllegalArgumentException("model " + input.model() + " takes " + height + "x" + width
                    + " images, but this one is " + size + (steps.resize().isEmpty() && steps.centerCrop().isEmpty()
                    ? " and the model's preprocessing does not resize" : " after preprocessing"));
        }
    }

    /** Scaled, normalised and in the model's channel order and layout. */
    private static float[] layOut(Pixels pixels, Preprocessing steps) {
        int height = pixels.size().height();
        int width = pixels.size().width();
        int channels = pixels.channels();
        boolean bgr = steps.color() == Preprocessing.Color.BGR;
        boolean nchw = steps.layout() == Preprocessing.Layout.NCHW;
        double factor = steps.scale().factor();
        float[] out = new float[channels * height * width];
        for (int c = 0; c < channels; c++) {
            int from = bgr ? channels - 1 - c : c;
            double mean = steps.mean(c);
            double std = steps.std(c);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int at = nchw ? (c * height + y) * width + x : (y * width + x) * channels + c;
                    out[at] = (float) ((pixels.get(y, x, from) * factor - mean) / std);
                }
            }
        }
        return out;
    }
}
