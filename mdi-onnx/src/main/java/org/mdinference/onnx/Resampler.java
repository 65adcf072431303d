package org.mdinference.onnx;

/**
 * Bilinear resizing as Pillow does it ({@code Image.resize(size, BILINEAR)}, which torchvision's {@code Resize}
 * uses): a triangle filter at pixel centres, widened by the scale factor when shrinking so that every source pixel
 * counts (antialiasing), applied to rows and then to columns. Models trained on Pillow-resized images see the same
 * values here, up to Pillow's rounding to whole bytes.
 */
final class Resampler {

    private Resampler() {
    }

    static Pixels resize(Pixels source, Size target) {
        if (source.size().equals(target)) {
            return source;
        }
        int channels = source.channels();
        int height = source.size().height();
        Weights columns = Weights.of(source.size().width(), target.width());
        Weights rows = Weights.of(height, target.height());

        float[] wide = new float[height * target.width() * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < target.width(); x++) {
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int k = 0; k < columns.weights[x].length; k++) {
                        sum += columns.weights[x][k] * source.get(y, columns.first[x] + k, c);
                    }
                    wide[(y * target.width() + x) * channels + c] = (float) sum;
                }
            }
        }
        float[] resized = new float[target.height() * target.width() * channels];
        int row = target.width() * channels;
        for (int y = 0; y < target.height(); y++) {
            for (int i = 0; i < row; i++) {
                double sum = 0;
                for (int k = 0; k < rows.weights[y].length; k++) {
                    sum += rows.weights[y][k] * wide[(rows.first[y] + k) * row + i];
                }
                resized[y * row + i] = (float) sum;
            }
        }
        return Pixels.wrap(target, channels, resized);
    }

    /** For each output position, the first source position it reads and the normalised weights from there on. */
    private record Weights(int[] first, double[][] weights) {

        static Weights of(int in, int out) {
            double scale = (double) in / out;
            // the triangle spans one pixel each side, widened to one *source* step when shrinking
            double widening = Math.max(scale, 1.0);
            int[] first = new int[out];
            double[][] weights = new double[out][];
            for (int o = 0; o < out; o++) {
                double centre = (o + 0.5) * scale;
                int min = Math.max((int) (centre - widening + 0.5), 0);
                int max = Math.min((int) (centre + widening + 0.5), in);
                double[] w = new double[max - min];
                double total = 0;
                for (int k = 0; k < w.length; k++) {
                    w[k] = triangle((min + k - centre + 0.5) / widening);
                    total += w[k];
                }
                for (int k = 0; k < w.length; k++) {
                    w[k] /= total;
                }
                first[o] = min;
                weights[o] = w;
            }
            return new Weights(first, weights);
        }

        private static double triangle(double x) {
            return Math.max(0, 1 - Math.abs(x));
        }
    }
}
