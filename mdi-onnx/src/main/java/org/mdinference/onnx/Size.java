package org.mdinference.onnx;

/** An image's height and width in pixels. */
public record Size(int height, int width) {

    public Size {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("an image size needs a positive height and width, got "
                    + height + "x" + width);
        }
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }
}
