package org.mdinference.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a decoded image becomes a model's input, in this order: convert to the model's colours, resize, centre-crop,
 * scale the 0..255 pixel values, subtract {@code mean} and divide by {@code std} per channel, and lay the result
 * out as NCHW or NHWC. {@code mean} and {@code std} list one value for every channel, or one for all, in the
 * model's own channel order (for a BGR model, blue first) and in the units after scaling.
 */
public record Preprocessing(Layout layout, Color color, Scale scale, Optional<Resize> resize,
                            Optional<Size> centerCrop, List<Double> mean, List<Double> std) {

    /** Where the channel dimension sits. */
    public enum Layout {
        NCHW(1, 2, 3), NHWC(3, 1, 2);

        private final int channelAxis;
        private final int heightAxis;
        private final int widthAxis;

        Layout(int channelAxis, int heightAxis, int widthAxis) {
            this.channelAxis = channelAxis;
            this.heightAxis = heightAxis;
            this.widthAxis = widthAxis;
        }

        /** The position of the channel dimension in a batch's shape. */
        public int channelAxis() {
            return channelAxis;
        }

        public int heightAxis() {
            return heightAxis;
        }

        public int widthAxis() {
            return widthAxis;
        }

        static Layout parse(String text) {
            return Preprocessing.parse(Layout.class, text, "layout");
        }
    }

    /** The channels a model takes: one grey channel, or three in RGB or BGR order. */
    public enum Color {
        GRAYSCALE(1), RGB(3), BGR(3);

        private final int channels;

        Color(int channels) {
            this.channels = channels;
        }

        public int channels() {
            return channels;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Color parse(String text) {
            return Preprocessing.parse(Color.class, text, "color");
        }
    }

    /** The range pixel values are scaled to before mean and std apply: 0..1 (divided by 255) or 0..255 (as is). */
    public enum Scale {
        UNIT("0..1", 1 / 255.0), BYTE("0..255", 1.0);

        private final String spelling;
        private final double factor;

        Scale(String spelling, double factor) {
            this.spelling = spelling;
            this.factor = factor;
        }

        /** What a 0..255 pixel value is multiplied by. */
        public double factor() {
            return factor;
        }

        @Override
        public String toString() {
            return spelling;
        }

        static Scale parse(String text) {
            return Arrays.stream(values()).filter(s -> s.spelling.equals(text)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("scale must be \"0..1\" or \"0..255\", got \""
                            + text + "\""));
        }
    }

    public Preprocessing {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(resize, "resize");
        Objects.requireNonNull(centerCrop, "centerCrop");
        mean = perChannel(mean, "mean", color);
        std = perChannel(std, "std", color);
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("std must hold positive numbers, got " + std);
            }
        }
        for (double m : mean) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("mean must hold finite numbers, got " + mean);
            }
        }
    }

    /** The size every image has after resizing and cropping, when that does not depend on the image. */
    public Optional<Size> outputSize() {
        return centerCrop.or(() -> resize.filter(Resize.Exact.class::isInstance).map(r -> ((Resize.Exact) r).size()));
    }

    /** Refuses an input tensor these images cannot fill: another rank, channel count or fixed size. */
    void checkFits(TensorSpec input) {
        List<Long> shape = input.shape();
        if (shape.size() != 4) {
            throw new IllegalArgumentException("preprocessing makes " + layout + " images, but input " + input.name()
                    + " has shape " + shape + " of rank " + shape.size() + ", not 4");
        }
        long channels = shape.get(layout.channelAxis());
        if (channels != -1 && channels != color.channels()) {
            throw new IllegalArgumentException("color " + color + " gives " + color.channels() + " channel(s), but input "
                    + input.name() + " with shape " + shape + " has " + channels + " where " + layout + " puts them");
        }
        outputSize().ifPresent(size -> {
            long height = shape.get(layout.heightAxis());
            long width = shape.get(layout.widthAxis());
            if ((height != -1 && height != size.height()) || (width != -1 && width != size.width())) {
                throw new IllegalArgumentException("preprocessing makes " + size + " images, but input "
                        + input.name() + " with shape " + shape + " takes " + height + "x" + width);
            }
        });
    }

    /** The mean subtracted from the model's channel {@code channel}. */
    public double mean(int channel) {
        return mean.size() == 1 ? mean.get(0) : mean.get(channel);
    }

    /** The deviation the model's channel {@code channel} is divided by. */
    public double std(int channel) {
        return std.size() == 1 ? std.get(0) : std.get(channel);
    }

    private static List<Double> perChannel(List<Double> values, String key, Color color) {
        List<Double> copy = List.copyOf(values);
        if (copy.size() != 1 && copy.size() != color.channels()) {
            throw new IllegalArgumentException(key + " needs " + (color.channels() == 1 ? "1 value" : "1 or "
                    + color.channels() + " values") + " for " + color + ", got " + copy);
        }
        return copy;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String text, String key) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(key + " must be one of " + Arrays.toString(type.getEnumConstants())
                + ", got \"" + text + "\"");
    }
}
