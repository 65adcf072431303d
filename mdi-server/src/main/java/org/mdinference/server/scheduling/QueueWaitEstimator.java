package org.mdinference.server.scheduling;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.mdinference.core.BatchCosts;
import org.mdinference.core.Model;
import org.mdinference.core.QueueWaits;

/**
 * The core's {@link QueueWaits} for a live server: how much later than a lone request a request sent to a model
 * now would finish, from the model's queue, its profiled batch costs and its {@link Pace}.
 *
 * <p>A request of n items runs as one batch of n, which the decision already counts ({@code cost(n)}). With q items
 * queued, it waits for the batches already running to end (their cost less the time they have run, plus the
 * worker's hand-off of their replies) when every worker is busy, then for the full batches ahead of it,
 * {@code q / maxBatch} of {@code cost(maxBatch)} and a hand-off each, shared among the workers. The
 * {@code r = q % maxBatch} items left form one batch with it when {@code r + n <= maxBatch}, which costs
 * {@code cost(r + n)} instead of {@code cost(n)}; otherwise they run first as a batch of their own ({@code cost(r)}
 * and a hand-off), since the batcher takes jobs in order and never splits one. Costs are scaled by the pace's drift;
 * a batch that will not fill adds the max queue delay. A remote member's server queues it once more, as long as it
 * has queued batches lately ({@link Pace#remoteQueueMs}).
 *
 * <p>Each batch ahead is one draw of the model's latency, so the wait's variance is the sum of theirs: the margin
 * a policy keeps must grow with the queue, or a request behind three batches is as often late as on time.
 */
public final class QueueWaitEstimator implements QueueWaits {

    private final Map<String, ModelQueue> queues;
    private final LiveProfiles profiles;
    private final LongSupplier nanoClock;
    private final int items;

    /** The waits of a request of one item; {@link #forItems} gives those of larger requests. */
    public QueueWaitEstimator(Map<String, ModelQueue> queues, LiveProfiles profiles, LongSupplier nanoClock) {
        this(Map.copyOf(queues), profiles, nanoClock, 1);
    }

    private QueueWaitEstimator(Map<String, ModelQueue> queues, LiveProfiles profiles, LongSupplier nanoClock,
                               int items) {
        this.queues = queues;
        this.profiles = profiles;
        this.nanoClock = nanoClock;
        this.items = items;
    }

    /** @throws IllegalArgumentException when {@code items} is less than 1 */
    @Override
    public QueueWaits forItems(int items) {
        QueueWaits.super.forItems(items);
        return items == this.items ? this : new QueueWaitEstimator(queues, profiles, nanoClock, items);
    }

    @Override
    public double waitMs(Model model) {
        return estimate(model).meanMs();
    }

    @Override
    public double waitStdMs(Model model) {
        return estimate(model).stdMs();
    }

    /** Each queue read once, when a policy first asks of its model, for the whole decision. */
    @Override
    public QueueWaits snapshot() {
        Map<String, QueueWait> read = new HashMap<>();
        Function<Model, QueueWait> once = model -> read.computeIfAbsent(model.name(), name -> estimate(model));
        return new QueueWaits() {
            @Override
            public double waitMs(Model model) {
                return once.apply(model).meanMs();
            }

            @Override
            public double waitStdMs(Model model) {
                return once.apply(model).stdMs();
            }
        };
    }

    private QueueWait estimate(Model model) {
        ModelQueue queue = queues.get(model.name());
        return estimate(queue.state(), items, profiles.costs(model.name()), queue.settings(),
                profiles.pace(model.name()), nanoClock.getAsLong());
    }

    /** The estimate for one queue state and a request of {@code items} items; exposed for exact tests. */
    static QueueWait estimate(QueueState state, int items, BatchCosts costs, BatchingSettings settings, Pace pace,
                              long nowNanos) {
        double firstFree = Double.MAX_VALUE;
        double firstFreeCost = 0;
        int busy = 0;
        for (int w = 0; w < state.runningItems().length; w++) {
            if (state.runningItems()[w] > 0) {
                busy++;
                double cost = costs.ms(state.runningItems()[w]) * pace.drift();
                double ranMs = (nowNanos - state.runningSinceNanos()[w]) / 1e6;
                double left = Math.max(0, cost + pace.handOffMs() - ranMs);
                if (left < firstFree) {
                    firstFree = left;
                    firstFreeCost = cost;
                }
            }
        }
        int workers = settings.workers();
        int maxBatch = settings.maxBatch();
        int queued = state.queuedItems();
        double fullBatches = (double) (queued / maxBatch) / workers;
        double fullCost = costs.ms(maxBatch) * pace.drift();
        double ahead = fullBatches * (fullCost + pace.handOffMs());
        int left = queued % maxBatch;
        boolean joins = left + items <= maxBatch || left == 0;
        // joining the items left costs the difference; else they run first as one more batch ahead
        double leftCost = costs.ms(left) * pace.drift();
        double joined = joins ? pace.drift() * (costs.ms(left + items) - costs.ms(items))
                : (leftCost + pace.handOffMs()) / workers;
        int ownBatch = joins ? left + items : items;
        // a batch that does not fill waits up to the max queue delay for company
        double delay = ownBatch < maxBatch ? settings.maxDelay().toNanos() / 1e6 : 0;
        // a free worker takes the request at once; when all are busy it waits for the first to finish
        boolean waitsForWorker = busy >= workers;
        double untilWorker = waitsForWorker ? firstFree : 0;
        double runningSpread = waitsForWorker ? pace.spread() * firstFreeCost : 0;
        double fullSpread = pace.spread() * fullCost;
        double leftSpread = joins ? 0 : pace.spread() * leftCost;
        double variance = runningSpread * runningSpread + fullBatches * fullSpread * fullSpread
                + leftSpread * leftSpread / workers;
        return new QueueWait(untilWorker + ahead + joined + delay + pace.remoteQueueMs(), Math.sqrt(variance));
    }
}
