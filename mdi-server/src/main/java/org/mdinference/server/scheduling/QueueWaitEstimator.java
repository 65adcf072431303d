package org.mdinference.server.scheduling;

import java.util.Map;
import java.util.function.LongSupplier;
import org.mdinference.core.Model;
import org.mdinference.core.QueueWaits;

/**
 * The core's {@link QueueWaits} for a live server: how much later than a lone request a request sent to a model
 * now would finish, from the model's queue and its profiled batch costs.
 *
 * <p>With q items queued, a new request waits for the batches already running to end (their cost less the time
 * they have run) when every worker is busy, then for the full batches ahead of it, {@code q / maxBatch} of {@code cost(maxBatch)}, shared
 * among the workers; it then runs in a batch with the {@code q % maxBatch} items left, which costs
 * {@code cost(q % maxBatch + 1)} instead of the lone {@code cost(1)} the policy already counts. All scaled by the
 * model's {@link LiveProfiles#drift}; plus the max queue delay when the request's batch will not fill.
 */
public final class QueueWaitEstimator implements QueueWaits {

    private final Map<String, ModelQueue> queues;
    private final LiveProfiles profiles;
    private final LongSupplier nanoClock;

    public QueueWaitEstimator(Map<String, ModelQueue> queues, LiveProfiles profiles, LongSupplier nanoClock) {
        this.queues = Map.copyOf(queues);
        this.profiles = profiles;
        this.nanoClock = nanoClock;
    }

    @Override
    public double waitMs(Model model) {
        ModelQueue queue = queues.get(model.name());
        return waitMs(queue.state(), profiles.costs(model.name()), queue.settings(), profiles.drift(model.name()),
                nanoClock.getAsLong());
    }

    /** The estimate for one queue state; exposed for exact tests. */
    static double waitMs(QueueState state, BatchCosts costs, BatchingSettings settings, double drift, long nowNanos) {
        double firstFree = Double.MAX_VALUE;
        int busy = 0;
        for (int w = 0; w < state.runningItems().length; w++) {
            if (state.runningItems()[w] > 0) {
                busy++;
                double ranMs = (nowNanos - state.runningSinceNanos()[w]) / 1e6;
                firstFree = Math.min(firstFree, Math.max(0, costs.ms(state.runningItems()[w]) * drift - ranMs));
            }
        }
        int workers = settings.workers();
        int maxBatch = settings.maxBatch();
        int queued = state.queuedItems();
        double ahead = (double) (queued / maxBatch) * costs.ms(maxBatch) / workers;
        double joined = costs.ms(queued % maxBatch + 1) - costs.ms(1);
        // a batch that does not fill waits up to the max queue delay for company
        double delay = queued % maxBatch + 1 < maxBatch ? settings.maxDelay().toNanos() / 1e6 : 0;
        // a free worker takes the request at once; when all are busy it waits for the first to finish
        double untilWorker = busy < workers ? 0 : firstFree;
        return untilWorker + drift * (ahead + joined) + delay;
    }
}
