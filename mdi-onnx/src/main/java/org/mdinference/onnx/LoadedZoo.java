package org.mdinference.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every model of a manifest that is a file here, loaded, in manifest order (remote members are served elsewhere). It owns the models: closing the zoo closes them, and a
 * load that fails part-way closes those already loaded before it throws.
 */
public final class LoadedZoo implements AutoCloseable {

    private final ZooManifest manifest;
    private final List<OnnxModel> models;

    private LoadedZoo(ZooManifest manifest, List<OnnxModel> models) {
        this.manifest = manifest;
        this.models = List.copyOf(models);
    }

    /**
     * Loads all models into ONNX Runtime's shared environment.
     *
     * @param intraOpThreads threads each session may use inside one inference
     * @throws IllegalArgumentException naming the first model file that is missing, differs from its SHA-256 or
     *     does not load
     */
    public static LoadedZoo load(ZooManifest manifest, int intraOpThreads) {
        List<OnnxModel> loaded = new ArrayList<>();
        try {
            for (ModelEntry entry : manifest.models()) {
                if (entry.remote()) {
                    continue;
                }
                // asked for only here: a zoo of remote members alone never loads the native runtime
                loaded.add(OnnxModel.load(OrtEnvironment.getEnvironment(), entry, intraOpThreads));
            }
        } catch (RuntimeException e) {
            throw closeAll(loaded, e);
        }
        return new LoadedZoo(manifest, loaded);
    }

    public ZooManifest manifest() {
        return manifest;
    }

    public List<OnnxModel> models() {
        return models;
    }

    public Optional<OnnxModel> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    @Override
    public void close() {
        RuntimeException failure = closeAll(models, null);
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes every model even when some fail; returns the first failure (others suppressed in it), if any. */
    private static RuntimeException closeAll(List<OnnxModel> models, @Nullable RuntimeException failure) {
        for (OnnxModel model : models) {
            try {
                model.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }
}
