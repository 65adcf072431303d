package org.mdinference.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A zoo as its manifest ({@code zoo.json}) describes it: its name, the data set its figures were measured on, the
 * class labels in output order, and its models. Reading the manifest checks every key; it loads no model (see
 * {@link LoadedZoo}). The key names are documented in {@code docs/zoo.md}.
 */
public record ZooManifest(Path file, String name, Optional<String> dataset, List<String> labels,
                          List<ModelEntry> models) {

    public static final String FILE_NAME = "zoo.json";

    public ZooManifest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataset, "dataset");
        labels = List.copyOf(labels);
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a zoo needs at least one model");
        }
        Set<String> names = new HashSet<>();
        for (ModelEntry model : models) {
            if (!names.add(model.name())) {
                throw new IllegalArgumentException("model " + model.name() + " appears twice");
            }
        }
        if (models.stream().filter(ModelEntry::onDevice).count() > 1) {
            throw new IllegalArgumentException("only one model can be on_device, got "
                    + models.stream().filter(ModelEntry::onDevice).map(ModelEntry::name).toList());
        }
    }

    /**
     * Checks that every model file is the one the manifest names, as loading it would: what a publisher does before
     * signing, so that a signature never vouches for a hash its file does not have.
     *
     * @throws IllegalArgumentException naming the first file that is missing or whose SHA-256 differs
     */
    public void verifyFiles() {
        models.stream().filter(model -> !model.remote()).forEach(ModelFile::readVerified);
    }

    /** Reads a zoo from its folder (holding {@code zoo.json}) or from the manifest file itself. */
    public static ZooManifest read(Path zoo) {
        return ManifestJson.read(file(zoo));
    }

    /**
     * Reads a zoo as {@link #read} does, once its manifest's detached signature ({@link ZooSignature}) is found to
     * be {@code key}'s. The manifest is read once: the bytes checked are the bytes parsed. As the manifest holds
     * each model file's SHA-256, which {@link LoadedZoo} checks before it loads a file, every model then loaded is
     * the one the key's owner published.
     *
     * @throws IllegalArgumentException when the manifest has no signature, or its signature is not {@code key}'s
     *     over these bytes (the manifest was changed after signing, or another key signed it), or it does not read
     */
    public static ZooManifest readSigned(Path zoo, PublicKey key) {
        Path file = file(zoo);
        byte[] text = ZooSignature.verify(file, key);
        return ManifestJson.read(file, text);
    }

    /** The manifest file of a zoo given as its folder or as the file itself. */
    public static Path file(Path zoo) {
        return Files.isDirectory(zoo) ? zoo.resolve(FILE_NAME) : zoo;
    }

    /** The folder the manifest and, usually, its model files live in. */
    public Path directory() {
        return file.toAbsolutePath().getParent();
    }

    public Optional<ModelEntry> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The model marked {@code on_device}, the one the device runs beside every cloud request. */
    public Optional<ModelEntry> onDevice() {
        return models.stream().filter(ModelEntry::onDevice).findFirst();
    }

    /**
     * Writes new top-1 figures (fractions, by model name) into the manifest file, keeping everything else as it
     * was, and returns the manifest as it now reads.
     */
    public ZooManifest withTop1Written(Map<String, Double> top1ByModel) {
        ManifestJson.writeTop1(file, top1ByModel);
        return ManifestJson.read(file);
    }

    /**
     * Writes the on-device model's confidence gate into the manifest file (its entry's {@code gate}, replaced if
     * there is one), keeping everything else as it was, and returns the manifest as it now reads. A signature of
     * the manifest ({@code zoo.json.sig}) no longer matches it: sign it again.
     *
     * @throws IllegalArgumentException when the zoo has no on_device model, or the gate's reference is no other
     *     model of the zoo
     */
    public ZooManifest withGateWritten(GateEntry gate) {
        ModelEntry device = onDevice().orElseThrow(() -> new IllegalArgumentException("zoo " + name + " ("
                + file + ") marks no model on_device: only the device's model has a gate"));
        if (model(gate.reference()).isEmpty() || gate.reference().equals(device.name())) {
            throw new IllegalArgumentException("the gate's reference " + gate.reference() + " is no other model of"
                    + " zoo " + name);
        }
        ManifestJson.writeGate(file, device.name(), gate);
        return ManifestJson.read(file);
    }
}
