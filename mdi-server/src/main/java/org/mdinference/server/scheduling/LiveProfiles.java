package org.mdinference.server.scheduling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.mdinference.core.LatencyProfile;
import org.mdinference.core.Model;
import org.mdinference.core.Zoo;

/**
 * Each model's latency profile as the policies see it, kept current by the paper's online update
 * ({@link LatencyProfile#observe}) from every batch served.
 *
 * <p>The profile describes a request served alone (a batch of one). A batch of n items is folded in as its
 * batch-of-one equivalent, {@code batchMs * cost(1) / cost(n)}: batching then neither looks like a slowdown nor
 * trips the cold-sample filter, while a machine that has really slowed down (another job, thermal limits) moves
 * the profile. The ratio of the live mean to the profiled one ({@link #drift}) scales the queue-wait estimate the
 * same way.
 *
 * <p>The hand-off after each batch (its replies written on the worker's thread) follows an EWMA of the same weight:
 * a queued request waits for it once per batch ahead. The spread a queue's wait may show comes from a window of
 * recent batches ({@link RecentSpread}).
 *
 * <p>The policies see ({@link #zoo}) the EWMA's mean and the larger of the EWMA's deviation and the window's: with a
 * weight of 0.5 the EWMA's variance shrinks fourfold after two calm batches, so on a machine whose load comes and
 * goes it reports almost no spread just before the next slow batch, and a margin of gamma deviations would be no
 * margin at all.
 */
public final class LiveProfiles implements BatchObserver {

    private final Map<String, Double> accuracy = new LinkedHashMap<>();
    private final Map<String, BatchCosts> costs = new LinkedHashMap<>();
    private final Map<String, AtomicReference<LatencyProfile>> profiles = new LinkedHashMap<>();
    private final Map<String, AtomicReference<Double>> handOffMs = new LinkedHashMap<>();
    private final Map<String, RecentSpread> spreads = new LinkedHashMap<>();

    /** @param zoo the models with their profiled accuracy and batch-of-one latency, in serving order */
    public LiveProfiles(Zoo zoo, Map<String, BatchCosts> costsByModel) {
        for (Model model : zoo.models()) {
            BatchCosts batchCosts = costsByModel.get(model.name());
            if (batchCosts == null) {
                throw new IllegalArgumentException("no batch costs for model " + model.name());
            }
            accuracy.put(model.name(), model.accuracy());
            costs.put(model.name(), batchCosts);
            profiles.put(model.name(), new AtomicReference<>(model.latency()));
            handOffMs.put(model.name(), new AtomicReference<>(0.0));
            spreads.put(model.name(), new RecentSpread());
        }
    }

    @Override
    public void batchRan(String model, int items, double batchMs, double handOff) {
        BatchCosts batchCosts = costs.get(model);
        double alone = batchMs * batchCosts.singleMs() / batchCosts.ms(items);
        if (alone > 0 && Double.isFinite(alone)) {
            profiles.get(model).updateAndGet(profile -> profile.observe(alone));
            spreads.get(model).add(alone);
        }
        if (handOff >= 0 && Double.isFinite(handOff)) {
            handOffMs.get(model).updateAndGet(
                    mean -> LatencyProfile.ALPHA * handOff + (1 - LatencyProfile.ALPHA) * mean);
        }
    }

    /** The models with their current profiles (deviation as the class comment says), as a zoo for one decision. */
    public Zoo zoo() {
        List<Model> models = new ArrayList<>(profiles.size());
        profiles.forEach((name, profile) -> {
            LatencyProfile live = profile.get();
            double recentStd = spreads.get(name).relative() * live.meanMs();
            models.add(new Model(name, accuracy.get(name),
                    new LatencyProfile(live.meanMs(), Math.max(live.stdMs(), recentStd))));
        });
        return new Zoo(models);
    }

    public LatencyProfile profile(String model) {
        return profiles.get(model).get();
    }

    public BatchCosts costs(String model) {
        return costs.get(model);
    }

    /** How the model runs now against its profile: drift, spread and the hand-off between batches. */
    public Pace pace(String model) {
        LatencyProfile live = profile(model);
        return new Pace(live.meanMs() / costs.get(model).singleMs(), spreads.get(model).relative(),
                handOffMs.get(model).get());
    }
}
