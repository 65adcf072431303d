package org.mdinference.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mdinference.core.Model;
import org.mdinference.core.Zoo;
import org.mdinference.sim.report.Csv;

/**
 * A zoo read from a table of model profiles: the paper's published ones ({@code paper-gpu}, {@code paper-cpu})
 * or a CSV file with the header {@code model,top1_percent,latency_mean_ms,latency_std_ms}. Columns are found by
 * name, so a table with more columns loads too; {@code top1} (a fraction) may stand for {@code top1_percent}, and a
 * boolean {@code on_device} column marks the model the device runs. (A profiled ONNX zoo folder is read by
 * mdi-onnx's {@code ZooProfile}, which knows its batch sizes.)
 */
public record ZooTable(Zoo zoo, Optional<String> onDevice) {

    public static final List<String> BUNDLED = List.of("paper-gpu", "paper-cpu");

    /** Loads {@code paper-gpu}, {@code paper-cpu} or a CSV file. */
    public static ZooTable load(String source) {
        return switch (source) {
            case "paper-gpu" -> bundled("imagenet-zoo-gpu-p2.csv", source);
            case "paper-cpu" -> bundled("imagenet-zoo-cpu-c5.csv", source);
            default -> file(Path.of(source));
        };
    }

    private static ZooTable bundled(String resource, String name) {
        InputStream in = ZooTable.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("bundled zoo " + name + " is missing from the classpath");
        }
        return read(new InputStreamReader(in, StandardCharsets.UTF_8), name);
    }

    private static ZooTable file(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("zoo '" + path + "' is neither " + String.join(" nor ", BUNDLED)
                    + " nor a readable file");
        }
        try {
            return read(Files.newBufferedReader(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read zoo " + path, e);
        }
    }

    static ZooTable read(Reader source, String name) {
        List<Csv.Record> records;
        try (Reader reader = source) {
            records = Csv.read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read zoo " + name, e);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException("zoo " + name + " is empty");
        }
        Columns columns = Columns.of(records.get(0).fields(), name);
        List<Model> models = new ArrayList<>();
        Optional<String> onDevice = Optional.empty();
        for (Csv.Record record : records.subList(1, records.size())) {
            List<String> cells = record.fields();
            String where = name + " line " + record.line();
            Model model = columns.model(cells, where);
            models.add(model);
            if (columns.onDevice >= 0 && Boolean.parseBoolean(cell(cells, columns.onDevice, where))) {
                onDevice = Optional.of(model.name());
            }
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("zoo " + name + " has no models");
        }
        return new ZooTable(new Zoo(models), onDevice);
    }

    private record Columns(int model, int accuracy, boolean percent, int mean, int std, int onDevice) {

        static Columns of(List<String> header, String name) {
            List<String> names = header.stream().map(String::strip).toList();
            int percent = names.indexOf("top1_percent");
            int accuracy = percent >= 0 ? percent : names.indexOf("top1");
            Columns columns = new Columns(names.indexOf("model"), accuracy, percent >= 0,
                    names.indexOf("latency_mean_ms"), names.indexOf("latency_std_ms"), names.indexOf("on_device"));
            if (columns.model < 0 || columns.accuracy < 0 || columns.mean < 0 || columns.std < 0) {
                throw new IllegalArgumentException("zoo " + name + " needs the columns model, top1_percent (or top1),"
                        + " latency_mean_ms and latency_std_ms; its header is: " + String.join(",", header));
            }
            return columns;
        }

        Model model(List<String> cells, String where) {
            double top1 = number(cells, accuracy, where);
            try {
                return new Model(cell(cells, model, where), percent ? top1 / 100 : top1,
                        number(cells, mean, where), number(cells, std, where));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
    }

    private static String cell(List<String> cells, int column, String where) {
        if (column >= cells.size()) {
            throw new IllegalArgumentException(where + " has " + cells.size() + " cells, too few for the header");
        }
        return cells.get(column).strip();
    }

    private static double number(List<String> cells, int column, String where) {
        String text = cell(cells, column, where);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a number");
        }
    }
}
