package org.mdinference.onnx;

/**
 * How preprocessing resizes an image: to an exact size, or so that its shorter side has a given length and its
 * aspect ratio is kept (torchvision's {@code Resize(int)}, the usual first step of ImageNet preprocessing).
 */
public sealed interface Resize {

    /** The size an image of the given size is resized to. */
    Size target(Size source);

    /** Every image becomes exactly this size. */
    record Exact(Size size) implements Resize {
        @Override
        public Size target(Size source) {
            return size;
        }
    }

    /** The shorter side becomes {@code length}; the longer one keeps the aspect ratio, truncated as torchvision does. */
    record ShorterSide(int length) implements Resize {

        public ShorterSide {
            if (length < 1) {
                throw new IllegalArgumentException("resize needs a positive length, got " + length);
            }
        }

        @Override
        public Size target(Size source) {
            if (source.height() <= source.width()) {
                return new Size(length, (int) ((long) length * source.width() / source.height()));
            }
            return new Size((int) ((long) length * source.height() / source.width()), length);
        }
    }
}
