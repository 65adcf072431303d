package org.mdinference.server.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.mdinference.core.BatchCosts;
import org.mdinference.onnx.LoadedZoo;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.OnnxModel;
import org.mdinference.onnx.ProfileRow;
import org.mdinference.onnx.Progress;
import org.mdinference.onnx.ProfileSettings;
import org.mdinference.onnx.Profiler;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.onnx.ZooProfile;
import org.mdinference.server.remote.MemberAccess;
import org.mdinference.server.remote.RemoteMembers;

/**
 * Loads a zoo folder for serving: its file members onto ONNX Runtime, its remote members connected
 * ({@link RemoteMembers}). The file members' costs come from the folder's {@value ZooProfile#FILE_NAME} (written by
 * {@code mdi zoo profile}) when it has a batch-1 row for each of them, else from a short warm-up profile measured
 * here and now; a remote member's from its rows there, else from a probe of its endpoints.
 */
public final class ZooLoader {

    /**
     * Timed runs per batch size of the start-up profile: enough for a mean (the live profile refines it with every
     * batch served), few enough that a zoo with a 50 ms model profiled up to batch 32 starts in about a minute.
     */
    private static final ProfileSettings WARM_UP = new ProfileSettings(12, 1, Duration.ofMillis(150));

    private final LongSupplier nanoClock;
    private final MemberAccess memberAccess;

    public ZooLoader(LongSupplier nanoClock) {
        this(nanoClock, MemberAccess.NONE);
    }

    /** @param memberAccess the CAs trusted and the token sent when the remote members are called */
    public ZooLoader(LongSupplier nanoClock, MemberAccess memberAccess) {
        this.nanoClock = nanoClock;
        this.memberAccess = memberAccess;
    }

    /**
     * @param intraOpThreads threads each ONNX Runtime session may use
     * @param maxBatch       the largest batch the server will run, up to which a warm-up profiles batch sizes
     * @throws IllegalArgumentException when the manifest, a model file or the profile is wrong (the message says
     *     which)
     */
    public ServedZoo load(Path folder, int intraOpThreads, int maxBatch) {
        return load(ZooManifest.read(folder), intraOpThreads, maxBatch);
    }

    /** As {@link #load(Path, int, int)}, for a manifest the caller has read. */
    public ServedZoo load(ZooManifest manifest, int intraOpThreads, int maxBatch) {
        LoadedZoo loaded = LoadedZoo.load(manifest, intraOpThreads);
        RemoteMembers remote = new RemoteMembers(System.err::println, memberAccess);
        AutoCloseable resources = () -> {
            try {
                remote.close();
            } finally {
                loaded.close();
            }
        };
        try {
            ZooProfile written = written(manifest);
            ZooProfile profile = profile(written, loaded, maxBatch);
            List<ServedModel> members = new ArrayList<>();
            for (ModelEntry entry : manifest.models()) {
                members.add(entry.remote() ? remote.connect(entry, written, maxBatch)
                        : member(loaded.model(entry.name()).orElseThrow(), profile, nanoClock));
            }
            return new ServedZoo(manifest.name(), members, resources);
        } catch (RuntimeException e) {
            remote.close();
            loaded.close();
            throw e;
        }
    }

    /** The folder's profile.csv, or no rows when it has none. */
    private static ZooProfile written(ZooManifest manifest) {
        Path file = manifest.directory().resolve(ZooProfile.FILE_NAME);
        return Files.isRegularFile(file) ? ZooProfile.read(file) : new ZooProfile(List.of());
    }

    /** The written profile when it has a batch-1 row for every model loaded here, else one measured now. */
    private ZooProfile profile(ZooProfile written, LoadedZoo loaded, int maxBatch) {
        if (loaded.models().stream().allMatch(m -> written.row(m.name(), 1).isPresent())) {
            return written;
        }
        int largest = Integer.highestOneBit(Math.min(maxBatch, ProfileSettings.MAX_BATCH_LIMIT));
        ProfileSettings settings = new ProfileSettings(WARM_UP.runs(), largest, WARM_UP.timeLimit());
        return new Profiler(settings, nanoClock).profile(loaded, Progress.NONE);
    }

    private static ServedModel member(OnnxModel model, ZooProfile profile, LongSupplier nanoClock) {
        Map<Integer, Double> costs = new TreeMap<>();
        for (ProfileRow row : profile.rows()) {
            if (row.model().equals(model.name())) {
                costs.put(row.batch(), row.latency().meanMs());
            }
        }
        ProfileRow single = profile.row(model.name(), 1).orElseThrow();
        return new ServedModel(model.name(), model.entry().top1(), model.entry().input(), model.input(),
                model.preprocessor(), model.entry().output(),
                new LocalMember(model, new LocalRotation(model.name(), nanoClock)), single.latency().toProfile(),
                new BatchCosts(costs));
    }
}
