package org.mdinference.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mdinference.core.GateTable;

/** The manifest's JSON: read into a {@link ZooManifest}; the top-1 figures and the device's gate rewritten in place. */
final class ManifestJson {

    /** Decimals stay as written (0.0001 and 1.0, not 1.0E-4 and 1) when the manifest is rewritten. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final String FP32 = "FP32";
    private static final Set<String> PREPROCESSING_KEYS = new LinkedHashSet<>(
            List.of("layout", "color", "scale", "resize", "center_crop", "mean", "std", "note"));
    private static final Set<String> GATE_KEYS = new LinkedHashSet<>(
            List.of("score", "reference", "fit_images", "measured_images", "thresholds"));
    private static final Set<String> GATE_ROW_KEYS = new LinkedHashSet<>(
            List.of("max_loss", "threshold", "on_device_share", "measured_loss"));

    private ManifestJson() {
    }

    static ZooManifest read(Path file) {
        return parse(file, tree(file));
    }

    /** Reads a manifest from bytes already read from {@code file}: those checked against a signature, say. */
    static ZooManifest read(Path file, byte[] text) {
        try {
            return parse(file, MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw notJson(file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse zoo manifest " + file, e);
        }
    }

    private static ZooManifest parse(Path file, JsonNode tree) {
        JsonFields root = JsonFields.root(tree, file);
        String name = root.text("name");
        Optional<String> dataset = root.optionalText("dataset");
        List<String> labels = root.optional("labels").isPresent() ? root.texts("labels") : List.of();
        List<ModelEntry> models = new ArrayList<>();
        for (JsonFields model : root.objects("models")) {
            models.add(model(model, file.toAbsolutePath().getParent()));
        }
        return root.check(() -> new ZooManifest(file, name, dataset, labels, models));
    }

    /**
     * Rewrites the manifest with new top-1 figures, keeping every other key and the key order, laid out as the
     * Python tools write it so a diff shows only the figures that changed. The new text replaces the old in one
     * move: a manifest is never left half-written.
     */
    static void writeTop1(Path file, Map<String, Double> top1ByModel) {
        JsonNode root = tree(file);
        Set<String> unknown = new HashSet<>(top1ByModel.keySet());
        for (JsonNode model : root.path("models")) {
            String name = model.path("name").asText();
            Double top1 = top1ByModel.get(name);
            if (top1 != null) {
                ((ObjectNode) model).put("top1", new BigDecimal(Double.toString(Math.round(top1 * 10_000) / 10_000.0)));
                unknown.remove(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(file + " has no models named " + unknown);
        }
        rewrite(file, root);
    }

    /** Rewrites the manifest with {@code model}'s {@code gate} replaced, or added as its entry's last key. */
    static void writeGate(Path file, String model, GateEntry gate) {
        JsonNode root = tree(file);
        ObjectNode entry = null;
        for (JsonNode candidate : root.path("models")) {
            if (candidate.path("name").asText().equals(model)) {
                entry = (ObjectNode) candidate;
            }
        }
        if (entry == null) {
            throw new IllegalArgumentException(file + " has no model named " + model);
        }
        ObjectNode written = entry.putObject("gate");
        written.put("score", gate.score());
        written.put("reference", gate.reference());
        written.putArray("fit_images").add(gate.fitImages().from()).add(gate.fitImages().to());
        written.putArray("measured_images").add(gate.measuredImages().from()).add(gate.measuredImages().to());
        ArrayNode thresholds = written.putArray("thresholds");
        for (GateTable.Row row : gate.table().rows()) {
            ObjectNode line = thresholds.addObject();
            line.put("max_loss", BigDecimal.valueOf(row.maxLoss()));
            line.put("threshold", BigDecimal.valueOf(row.threshold()));
            line.put("on_device_share", fraction(row.onDeviceShare()));
            if (!Double.isNaN(row.measuredLoss())) {
                line.put("measured_loss", fraction(row.measuredLoss()));
            }
        }
        rewrite(file, root);
    }

    /** A share of images to 0.01 %: exact for up to 10,000 images. */
    private static BigDecimal fraction(double value) {
        return BigDecimal.valueOf(Math.round(value * 10_000) / 10_000.0);
    }

    /** The new text replaces the old in one move: a manifest is never left half-written. */
    private static void rewrite(Path file, JsonNode root) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, MAPPER.writer(pythonStyle()).writeValueAsString(root) + "\n");
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite zoo manifest " + file, e);
        }
    }

    private static JsonNode tree(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw notJson(file, e);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("zoo manifest " + file + " does not exist", e);
            }
            throw new UncheckedIOException("cannot read zoo manifest " + file, e);
        }
    }

    private static IllegalArgumentException notJson(Path file, JsonProcessingException e) {
        return new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage()
                + " (line " + e.getLocation().getLineNr() + ")", e);
    }

    private static ModelEntry model(JsonFields model, Path directory) {
        String name = model.text("name");
        ModelSource source = source(model, directory);
        double top1 = model.number("top1");
        boolean onDevice = model.bool("on_device", false);
        TensorSpec input = tensor(model.object("input"));
        TensorSpec output = tensor(model.object("output"));
        Optional<Preprocessing> preprocessing = model.optionalObject("preprocessing").map(ManifestJson::preprocessing);
        Optional<GateEntry> gate = model.optionalObject("gate").map(ManifestJson::gate);
        return model.check(() -> new ModelEntry(name, source, top1, onDevice, input, output, preprocessing, gate));
    }

    /** A model's {@code file} and {@code sha256}, or its {@code endpoint}: one URL, or a list of replicas. */
    private static ModelSource source(JsonFields model, Path directory) {
        Optional<JsonNode> endpoint = model.optional("endpoint");
        if (endpoint.isEmpty()) {
            Path file = directory.resolve(model.text("file")).normalize();
            String sha256 = model.text("sha256");
            return model.check(() -> new ModelSource.File(file, sha256));
        }
        if (model.optional("file").isPresent() || model.optional("sha256").isPresent()) {
            throw model.invalid("endpoint", "cannot go with file and sha256: a model is a file loaded here or"
                    + " served at an endpoint, not both");
        }
        List<String> urls = endpoint.get().isArray() ? model.texts("endpoint") : List.of(model.text("endpoint"));
        return model.check(() -> new ModelSource.Remote(urls.stream().map(ModelEndpoint::parse).toList()));
    }

    private static TensorSpec tensor(JsonFields tensor) {
        String name = tensor.text("name");
        List<Long> shape = tensor.integers("shape");
        String datatype = tensor.optionalText("datatype").orElse(FP32);
        if (!datatype.equals(FP32)) {
            throw tensor.invalid("datatype", "must be " + FP32 + ", the only type the runtime feeds and reads,"
                    + " got " + datatype);
        }
        return tensor.check(() -> new TensorSpec(name, shape, datatype));
    }

    private static Preprocessing preprocessing(JsonFields pre) {
        pre.onlyKeys(PREPROCESSING_KEYS);
        String layout = pre.text("layout");
        String color = pre.text("color");
        String scale = pre.optionalText("scale").orElse(Preprocessing.Scale.UNIT.toString());
        Optional<Resize> resize = pre.optional("resize").map(value -> value.isIntegralNumber()
                ? pre.check(() -> new Resize.ShorterSide(value.asInt()))
                : new Resize.Exact(size(pre, "resize", value)));
        Optional<Size> crop = pre.optional("center_crop").map(value -> size(pre, "center_crop", value));
        List<Double> mean = pre.optionalNumbers("mean").orElse(List.of(0.0));
        List<Double> std = pre.optionalNumbers("std").orElse(List.of(1.0));
        return pre.check(() -> new Preprocessing(Preprocessing.Layout.parse(layout), Preprocessing.Color.parse(color),
                Preprocessing.Scale.parse(scale), resize, crop, mean, std));
    }

    private static GateEntry gate(JsonFields gate) {
        gate.onlyKeys(GATE_KEYS);
        String score = gate.text("score");
        String reference = gate.text("reference");
        GateEntry.Images fit = images(gate, "fit_images");
        GateEntry.Images measured = images(gate, "measured_images");
        List<GateTable.Row> rows = new ArrayList<>();
        for (JsonFields row : gate.objects("thresholds")) {
            row.onlyKeys(GATE_ROW_KEYS);
            double maxLoss = row.number("max_loss");
            double threshold = row.number("threshold");
            double share = row.number("on_device_share");
            double measuredLoss = row.optional("measured_loss").isPresent() ? row.number("measured_loss")
                    : Double.NaN;
            rows.add(row.check(() -> new GateTable.Row(maxLoss, threshold, share, measuredLoss)));
        }
        GateTable table = gate.check(() -> new GateTable(rows));
        return gate.check(() -> new GateEntry(score, reference, fit, measured, table));
    }

    private static GateEntry.Images images(JsonFields gate, String key) {
        List<Long> range = gate.integers(key);
        if (range.size() != 2) {
            throw gate.invalid(key, "must be [first image, last image + 1], got " + range);
        }
        return gate.check(() -> new GateEntry.Images(Math.toIntExact(range.get(0)), Math.toIntExact(range.get(1))));
    }

    private static Size size(JsonFields pre, String key, JsonNode value) {
        List<Long> dims = pre.integers(key, value);
        if (dims.size() != 2) {
            throw pre.invalid(key, "must be [height, width], got " + value);
        }
        return pre.check(() -> new Size(Math.toIntExact(dims.get(0)), Math.toIntExact(dims.get(1))));
    }

    /** Two-space indents, one element per line and {@code "key": value}, as Python's {@code json.dump(indent=2)}. */
    private static DefaultPrettyPrinter pythonStyle() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }
}
