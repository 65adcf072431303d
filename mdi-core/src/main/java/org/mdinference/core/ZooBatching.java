package org.mdinference.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How each member of a zoo runs a batch: what a batch of n items costs ({@link BatchCosts}) and the most items it
 * takes in one run. A request of n items runs as one batch of n on whichever member serves it, so it sees the zoo
 * at batch size n ({@link #atBatchOf}): each model's latency is that of a batch of n, and a model whose max batch is
 * smaller than n is not eligible ({@link #takes}). The policies then decide as they do for one item, unchanged.
 *
 * <p>A batch of n strays from its mean in proportion, as a batch of one does: the mean and the deviation of a
 * model's (live) batch-of-one profile are both scaled by {@code cost(n) / cost(1)}. A profile that has drifted
 * (the machine slowed down) thus moves every batch size alike, the inverse of how a server folds a batch of n into
 * the batch-of-one profile.
 *
 * <p>Immutable.
 */
public final class ZooBatching {

    /**
     * Every request a single item, as in the paper and the simulator: no batch costs known, every model takes one
     * item at a time.
     */
    public static final ZooBatching SINGLE_ITEMS = new ZooBatching(Collections.emptyMap());

    /** A model no costs are given for: each item costs what one does, one item per run. */
    private static final int SINGLE = 1;

    private final Map<String, Member> members;

    /**
     * One member's batches.
     *
     * @param costs    the mean latency of a batch of each size
     * @param maxBatch the most items one request may bring to this member: the most its server runs in one batch
     */
    public record Member(BatchCosts costs, int maxBatch) {

        /** @throws IllegalArgumentException when the max batch is less than 1 */
        public Member {
            Objects.requireNonNull(costs, "costs");
            if (maxBatch < 1) {
                throw new IllegalArgumentException("a max batch is at least 1 item, got " + maxBatch);
            }
        }
    }

    /** @param members each model's batches by the model's name; a model not named takes one item at a time */
    public ZooBatching(Map<String, Member> members) {
        this.members = Collections.unmodifiableMap(new HashMap<>(members));
    }

    /** Whether a request of {@code items} items runs on {@code model} as one batch: not more than its max batch. */
    public boolean takes(Model model, int items) {
        Member member = members.get(model.name());
        return items <= (member == null ? SINGLE : member.maxBatch());
    }

    /**
     * The zoo as a request of {@code items} items sees it: every model with the latency of a batch of that many, in
     * the same order; the zoo itself for one item. A model that cannot take that many ({@link #takes}) is kept with
     * its extrapolated time, which still tells how far it is from fitting.
     *
     * @throws IllegalArgumentException when {@code items} is less than 1
     */
    public Zoo atBatchOf(Zoo zoo, int items) {
        return atBatchOf(zoo, items, ObservedRuns.NONE);
    }

    /**
     * As {@link #atBatchOf(Zoo, int)}, each model's runs included: the zoo's models carry their batch-of-one runs
     * ({@link LatencyProfile#runs}); a batch of n takes the runs {@code observed} at n, else the batch-of-one runs
     * scaled by {@code cost(n) / cost(1)} as the mean is, else none (the normal profile alone).
     *
     * @throws IllegalArgumentException when {@code items} is less than 1
     */
    public Zoo atBatchOf(Zoo zoo, int items, ObservedRuns observed) {
        if (items < 1) {
            throw new IllegalArgumentException("a request holds at least one item, got " + items);
        }
        if (items == 1) {
            return zoo;
        }
        List<Model> seen = new ArrayList<>(zoo.size());
        for (Model model : zoo.models()) {
            Member member = members.get(model.name());
            double scale = member == null ? items : member.costs().ms(items) / member.costs().singleMs();
            LatencyProfile one = model.latency();
            TimeSpread runs = observed.of(model.name(), items);
            if (runs.isEmpty()) {
                runs = one.runs().scaled(scale);
            }
            seen.add(model.withLatency(new LatencyProfile(one.meanMs() * scale, one.stdMs() * scale, runs)));
        }
        return new Zoo(seen);
    }
}
