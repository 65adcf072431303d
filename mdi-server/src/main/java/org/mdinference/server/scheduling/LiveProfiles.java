package org.mdinference.server.scheduling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.mdinference.core.BatchCosts;
import org.mdinference.core.LatencyProfile;
import org.mdinference.core.Model;
import org.mdinference.core.ObservedRuns;
import org.mdinference.core.TimeSpread;
import org.mdinference.core.Zoo;

/**
 * Each model's latency profile as the policies see it, kept current by the paper's online update
 * ({@link LatencyProfile#observe}) from every batch served.
 *
 * <p>The profile describes a request served alone (a batch of one). A batch of n items is folded in as its
 * batch-of-one equivalent, {@code batchMs * cost(1) / cost(n)}: batching then neither looks like a slowdown nor
 * trips the cold-sample filter, while a machine that has really slowed down (another job, thermal limits) moves
 * the profile. The ratio of the live mean to the profiled one ({@link #pace drift}) scales the queue-wait estimate
 * the same way. Ten cold samples in a row are no outliers but a start-up profile that is wrong, and the profile
 * starts again from them ({@link ColdStreak}).
 *
 * <p>The hand-off after each batch (its replies written on the worker's thread) follows an EWMA of the same weight:
 * a queued request waits for it once per batch ahead. The spread a queue's wait may show comes from a window of
 * recent batches ({@link RecentSpread}), which starts out holding the start-up profile.
 *
 * <p>The policies see ({@link #zoo}) the EWMA's mean and the larger of the EWMA's deviation and the window's: with a
 * weight of 0.5 the EWMA's variance shrinks fourfold after two calm batches, so on a machine whose load comes and
 * goes it reports almost no spread just before the next slow batch, and a margin of gamma deviations would be no
 * margin at all.
 *
 * <p>The runs themselves are kept too, per batch size ({@link RunWindows}): the last 256 of each size, as 32
 * quantiles, which core's expected-accuracy policy weighs instead of a normal of the same mean and deviation. The
 * models of {@link #zoo} carry their batch-of-one runs; {@link #of} answers for every size.
 *
 * <p>Evidence only comes from batches that run, and a model the policies stop choosing runs none: a burst of
 * contention that made it look slow would shut it out for good. So a model that has run no batch for
 * {@link #FORGET_AFTER} goes back to its start-up profile, and the policies try it again. The price: a model that
 * is really slower now is tried again, once, every {@link #FORGET_AFTER}, and a server whose members see less than
 * a batch each in that time decides on the start-up profiles.
 */
public final class LiveProfiles implements BatchObserver, ObservedRuns {

    /** How long a model's slow batches count against it while it runs no more. */
    public static final Duration FORGET_AFTER = Duration.ofSeconds(5);

    private final Map<String, Evidence> evidence = new LinkedHashMap<>();
    private final LongSupplier nanoClock;

    /** @param zoo the models with their profiled accuracy and batch-of-one latency, in serving order */
    public LiveProfiles(Zoo zoo, Map<String, BatchCosts> costsByModel) {
        this(zoo, costsByModel, System::nanoTime);
    }

    /** @param nanoClock the time {@link #FORGET_AFTER} counts on */
    public LiveProfiles(Zoo zoo, Map<String, BatchCosts> costsByModel, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        for (Model model : zoo.models()) {
            BatchCosts batchCosts = costsByModel.get(model.name());
            if (batchCosts == null) {
                throw new IllegalArgumentException("no batch costs for model " + model.name());
            }
            evidence.put(model.name(), new Evidence(model, batchCosts, now));
        }
    }

    @Override
    public void batchRan(String model, int items, double batchMs, double handOff) {
        Evidence of = evidence.get(model);
        double alone = batchMs * of.costs.singleMs() / of.costs.ms(items);
        of.ran(items, batchMs, alone, handOff, nanoClock.getAsLong());
    }

    /**
     * The recent runs of the model's batches of {@code items} items, each the batch's whole time;
     * {@link TimeSpread#NONE} before enough were seen (and after the model was forgotten).
     */
    @Override
    public TimeSpread of(String model, int items) {
        return evidence.get(model).runs(items, nanoClock.getAsLong());
    }

    /** Follows a remote member's own queue with an EWMA of the paper's weight, as the hand-off. */
    @Override
    public void queuedRemotely(String model, double queueMs) {
        evidence.get(model).queuedRemotely(queueMs, nanoClock.getAsLong());
    }

    /** The models with their current profiles (deviation as the class comment says), as a zoo for one decision. */
    public Zoo zoo() {
        long now = nanoClock.getAsLong();
        List<Model> models = new ArrayList<>(evidence.size());
        evidence.values().forEach(of -> models.add(of.seen(now)));
        return new Zoo(models);
    }

    /** The live EWMA profile, before the window's deviation is taken into account. */
    public LatencyProfile profile(String model) {
        return evidence.get(model).current(nanoClock.getAsLong()).profile();
    }

    public BatchCosts costs(String model) {
        return evidence.get(model).costs;
    }

    /** How the model runs now against its profile: drift, spread and the hand-off between batches. */
    public Pace pace(String model) {
        Evidence of = evidence.get(model);
        Evidence.State now = of.current(nanoClock.getAsLong());
        return new Pace(now.profile().meanMs() / of.costs.singleMs(), now.spread(), now.handOffMs(),
                now.remoteQueueMs());
    }

    /** What the served batches of one model have shown, since its start-up profile or since it was last forgotten. */
    private static final class Evidence {

        private record State(LatencyProfile profile, double spread, double handOffMs, double remoteQueueMs,
                             TimeSpread singleRuns) {
        }

        private final Model model;
        private final BatchCosts costs;
        private final RecentSpread window;
        private final RunWindows runs = new RunWindows();
        private final ColdStreak coldStreak = new ColdStreak();
        private LatencyProfile profile;
        private double handOffMs;
        private double remoteQueueMs;
        private long lastRanNanos;

        Evidence(Model model, BatchCosts costs, long now) {
            this.model = model;
            this.costs = costs;
            this.window = new RecentSpread(model.latency());
            this.profile = model.latency();
            this.lastRanNanos = now;
        }

        synchronized void ran(int items, double batchMs, double aloneMs, double handOff, long now) {
            forgetIfStale(now);
            lastRanNanos = now;
            if (batchMs > 0 && Double.isFinite(batchMs)) {
                runs.add(items, batchMs);
            }
            if (aloneMs > 0 && Double.isFinite(aloneMs)) {
                profile = coldStreak.restartAfter(profile, aloneMs).orElse(profile.observe(aloneMs));
                window.add(aloneMs);
            }
            if (handOff >= 0 && Double.isFinite(handOff)) {
                handOffMs = ewma(handOff, handOffMs);
            }
        }

        synchronized void queuedRemotely(double queueMs, long now) {
            forgetIfStale(now);
            if (queueMs >= 0 && Double.isFinite(queueMs)) {
                remoteQueueMs = ewma(queueMs, remoteQueueMs);
            }
        }

        synchronized State current(long now) {
            forgetIfStale(now);
            return new State(profile, window.relative(), handOffMs, remoteQueueMs, runs.runs(1));
        }

        synchronized TimeSpread runs(int items, long now) {
            forgetIfStale(now);
            return runs.runs(items);
        }

        Model seen(long now) {
            State state = current(now);
            double recentStd = state.spread() * state.profile().meanMs();
            return new Model(model.name(), model.accuracy(),
                    new LatencyProfile(state.profile().meanMs(), Math.max(state.profile().stdMs(), recentStd),
                            state.singleRuns()));
        }

        private static double ewma(double observed, double mean) {
            return LatencyProfile.ALPHA * observed + (1 - LatencyProfile.ALPHA) * mean;
        }

        private void forgetIfStale(long now) {
            if (now - lastRanNanos > FORGET_AFTER.toNanos()) {
                profile = model.latency();
                window.reset();
                runs.reset();
                coldStreak.reset();
                handOffMs = 0;
                remoteQueueMs = 0;
                lastRanNanos = now;
            }
        }
    }
}
