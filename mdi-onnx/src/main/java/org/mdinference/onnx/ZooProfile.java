package org.mdinference.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mdinference.core.Model;
import org.mdinference.core.Zoo;

/**
 * A zoo's latency on one machine, as {@code profile.csv} holds it: one {@link ProfileRow} per model and batch size.
 * The server and the simulator select with the batch-1 rows; the others show what batching buys.
 */
public record ZooProfile(List<ProfileRow> rows) {

    public static final String FILE_NAME = "profile.csv";
    public static final String HEADER =
            "model,batch,threads,latency_mean_ms,latency_std_ms,p50_ms,p99_ms,top1,on_device";

    public ZooProfile {
        rows = List.copyOf(rows);
    }

    /** Reads a profile written by {@link #write}; refuses another header or a malformed line, naming it. */
    public static ZooProfile read(Path file) {
        return new ZooProfile(ProfileCsv.read(file));
    }

    /** Writes the rows under {@link #HEADER}, numbers in a locale-independent format. */
    public void write(Path file) {
        ProfileCsv.write(file, rows);
    }

    public Optional<ProfileRow> row(String model, int batch) {
        return rows.stream().filter(r -> r.model().equals(model) && r.batch() == batch).findFirst();
    }

    /**
     * The manifest's models, in its order, as the selection algorithm sees them: accuracy from the manifest,
     * latency from the batch-1 rows of this profile.
     *
     * @throws IllegalArgumentException when a model of the manifest has no batch-1 row
     */
    public Zoo toZoo(ZooManifest manifest) {
        List<Model> models = new ArrayList<>();
        for (ModelEntry entry : manifest.models()) {
            ProfileRow row = row(entry.name(), 1).orElseThrow(() -> new IllegalArgumentException("the profile has no"
                    + " batch-1 row for model " + entry.name() + " of zoo " + manifest.name()
                    + "; run mdi zoo profile again"));
            models.add(new Model(entry.name(), entry.top1(), row.latency().toProfile()));
        }
        return new Zoo(models);
    }
}
