package org.mdinference.onnx;

import java.util.Objects;
import java.util.Optional;

/**
 * One model of a zoo manifest: its name, where it lives (an ONNX file, resolved against the manifest's folder, with
 * that file's SHA-256; or the endpoints of servers that serve it), its top-1 accuracy as a fraction, whether it is
 * the model the device runs, its input and output tensors, and how images become its input. A model without
 * preprocessing takes raw tensors only. A model a device runs may carry its confidence gate's calibration.
 */
public record ModelEntry(String name, ModelSource source, double top1, boolean onDevice, TensorSpec input,
                         TensorSpec output, Optional<Preprocessing> preprocessing, Optional<GateEntry> gate) {

    /** An entry without a confidence gate. */
    public ModelEntry(String name, ModelSource source, double top1, boolean onDevice, TensorSpec input,
                      TensorSpec output, Optional<Preprocessing> preprocessing) {
        this(name, source, top1, onDevice, input, output, preprocessing, Optional.empty());
    }

    public ModelEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(gate, "gate");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a model name must not be blank");
        }
        if (!(top1 >= 0 && top1 <= 1)) {
            throw new IllegalArgumentException("top1 must be a fraction in [0, 1], got " + top1);
        }
        preprocessing.ifPresent(p -> p.checkFits(input));
        if (gate.isPresent() && gate.get().reference().equals(name)) {
            throw new IllegalArgumentException("the gate of " + name + " must be calibrated against another model"
                    + " than itself");
        }
    }

    /** Whether the model is served elsewhere rather than loaded from a file. */
    public boolean remote() {
        return source instanceof ModelSource.Remote;
    }

    /**
     * The model's file, for those who load it.
     *
     * @throws IllegalArgumentException when the model is remote: it has no file here
     */
    public ModelSource.File file() {
        if (source instanceof ModelSource.File file) {
            return file;
        }
        throw new IllegalArgumentException("model " + name + " is served at " + endpoints().endpoints()
                + "; it has no file to load here");
    }

    /**
     * The model's endpoints.
     *
     * @throws IllegalArgumentException when the model is a local file
     */
    public ModelSource.Remote endpoints() {
        if (source instanceof ModelSource.Remote remote) {
            return remote;
        }
        throw new IllegalArgumentException("model " + name + " is the file " + file().path() + ", not remote");
    }
}
