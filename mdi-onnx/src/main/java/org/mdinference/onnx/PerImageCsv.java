package org.mdinference.onnx;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The per-image truth of {@code mdi zoo eval --per-image FILE}: one line per test image and model, images in the
 * test split's order, models in the zoo's order within each image (docs/zoo.md, "Per-image truth"). A file whose
 * name ends in {@code .gz} is gzipped. The simulator draws its requests as these images, so that the device's and
 * the cloud's answers are right or wrong about the same picture.
 */
public final class PerImageCsv {

    /** The exact first line of the file. */
    public static final String HEADER = "image,model,label,prediction,correct,p_top,margin";

    /**
     * Decimals of the probabilities: a millionth keeps apart the confident answers a gate's threshold must tell
     * apart (the bundled device model's top probability is above 0.99 on half of the test images and above 0.999 on
     * 30 %, never 1.000000) at 8 bytes a cell.
     */
    public static final int DECIMALS = 6;

    private static final int COLUMNS = HEADER.split(",").length;

    private PerImageCsv() {
    }

    /**
     * Writes every model's predictions, all over the same images, replacing {@code file}.
     *
     * @throws IllegalArgumentException when there are no models, they disagree on the images' labels, or a name
     *     holds a comma
     */
    public static void write(Path file, List<ModelPredictions> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no predictions to write to " + file);
        }
        int[] labels = models.get(0).labels();
        for (ModelPredictions model : models) {
            if (!Arrays.equals(model.labels(), labels)) {
                throw new IllegalArgumentException("the predictions of " + model.model() + " are of other images than"
                        + " those of " + models.get(0).model());
            }
            if (model.model().contains(",")) {
                throw new IllegalArgumentException("a model name with a comma cannot be written: " + model.model());
            }
        }
        String format = "%d,%s,%d,%d,%d,%." + DECIMALS + "f,%." + DECIMALS + "f\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (OutputStream raw = Files.newOutputStream(file);
                 OutputStream stream = gzipped(file) ? new GZIPOutputStream(raw, 1 << 16) : raw;
                 BufferedWriter out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
                out.write(HEADER);
                out.write('\n');
                for (int i = 0; i < labels.length; i++) {
                    for (ModelPredictions model : models) {
                        out.write(String.format(Locale.ROOT, format, i, model.model(), labels[i],
                                model.predicted()[i], model.correct(i) ? 1 : 0, model.topProbability()[i],
                                model.margin()[i]));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write per-image predictions " + file, e);
        }
    }

    /**
     * Reads a file {@link #write} wrote: every model's predictions by name, in the file's order.
     *
     * @throws IllegalArgumentException when the file does not exist, its header is not {@link #HEADER}, or a line
     *     breaks the layout (images in order, every model once per image in the first image's order, one label per
     *     image, {@code correct} as the prediction and label say, probabilities in [0, 1]), naming the line
     */
    public static Map<String, ModelPredictions> read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream stream = gzipped(file) ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("per-image file " + file + " does not exist; write it with mdi zoo"
                    + " eval --per-image " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read per-image predictions " + file, e);
        }
    }

    private static boolean gzipped(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    private static Map<String, ModelPredictions> parse(BufferedReader in, String name) throws IOException {
        String header = in.readLine();
        if (!HEADER.equals(header)) {
            throw new IllegalArgumentException(name + " must start with the header " + HEADER
                    + (header == null ? ", but it is empty" : ", but starts with " + header));
        }
        List<String> models = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        int lineNumber = 1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            Row row = Row.parse(line, name + " line " + lineNumber);
            if (models.isEmpty() && row.image != 0) {
                throw new IllegalArgumentException(row.where + ": the first line must be of image 0, got image "
                        + row.image);
            }
            if (row.image == 0 && rows.size() == models.size()) {
                // image 0's rows name the models and their order
                if (models.contains(row.model)) {
                    throw new IllegalArgumentException(row.where + ": model " + row.model + " twice for image 0");
                }
                models.add(row.model);
            } else {
                int expectedImage = rows.size() / models.size();
                String expectedModel = models.get(rows.size() % models.size());
                if (row.image != expectedImage || !row.model.equals(expectedModel)) {
                    throw new IllegalArgumentException(row.where + ": expected image " + expectedImage + ", model "
                            + expectedModel + " (images in order, each with the models of image 0 in their order),"
                            + " got image " + row.image + ", model " + row.model);
                }
            }
            int firstOfImage = row.image * models.size();
            Row first = firstOfImage < rows.size() ? rows.get(firstOfImage) : row;
            if (row.label != first.label) {
                throw new IllegalArgumentException(row.where + ": image " + row.image + " has label " + row.label
                        + ", but label " + first.label + " on " + first.where);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(name + " has no predictions");
        }
        if (rows.size() % models.size() != 0) {
            throw new IllegalArgumentException(name + " ends in the middle of image " + rows.size() / models.size()
                    + ": its last image lacks a model");
        }
        return collect(models, rows);
    }

    private static Map<String, ModelPredictions> collect(List<String> models, List<Row> rows) {
        int m = models.size();
        int images = rows.size() / m;
        Map<String, ModelPredictions> byName = new LinkedHashMap<>();
        for (int k = 0; k < m; k++) {
            int[] labels = new int[images];
            int[] predicted = new int[images];
            double[] top = new double[images];
            double[] margin = new double[images];
            for (int i = 0; i < images; i++) {
                Row row = rows.get(i * m + k);
                labels[i] = row.label;
                predicted[i] = row.prediction;
                top[i] = row.top;
                margin[i] = row.margin;
            }
            byName.put(models.get(k), new ModelPredictions(models.get(k), labels, predicted, top, margin));
        }
        return byName;
    }

    private record Row(String where, int image, String model, int label, int prediction, double top,
                       double margin) {

        static Row parse(String line, String where) {
            String[] cells = line.split(",", -1);
            if (cells.length != COLUMNS) {
                throw new IllegalArgumentException(where + " has " + cells.length + " cells, the header " + COLUMNS);
            }
            try {
                Row row = new Row(where, Integer.parseInt(cells[0]), cells[1], Integer.parseInt(cells[2]),
                        Integer.parseInt(cells[3]), Double.parseDouble(cells[5]), Double.parseDouble(cells[6]));
                int correct = Integer.parseInt(cells[4]);
                if (correct != (row.label == row.prediction ? 1 : 0)) {
                    throw new IllegalArgumentException(where + ": correct is " + correct + ", but the prediction "
                            + row.prediction + " and the label " + row.label + " say otherwise");
                }
                if (!(row.top >= 0 && row.top <= 1 && row.margin >= 0 && row.margin <= row.top)) {
                    throw new IllegalArgumentException(where + ": p_top must lie in [0, 1] and margin in [0, p_top],"
                            + " got " + cells[5] + " and " + cells[6]);
                }
                return row;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": a cell is not a number (" + e.getMessage() + ")", e);
            }
        }
    }
}
