package org.mdinference.core;

/**
 * The paper's selection rule (ModelChooser.runMDInference): of the models expected to finish inside the budget,
 * {@code mu + gamma * sigma < budget}, the most accurate; when none is, the fastest, because a late answer is
 * still better than none when the device has no fallback, and the fastest is the least late. Past the paper, the
 * budget of each model is what is left after its queue, and "fastest" means first to finish, queue included.
 *
 * <p>gamma trades accuracy for safety: 0 trusts the mean, larger values keep a margin of gamma deviations. Under
 * load the deviation is that of the whole finish time, the queue's wait and the inference together (independent,
 * so their variances add): a request behind three batches is three times as uncertain as one that runs at once.
 */
public final class MDInferencePolicy implements SelectionPolicy {

    public static final double DEFAULT_GAMMA = 1.0;

    private final double gamma;

    public MDInferencePolicy() {
        this(DEFAULT_GAMMA);
    }

    public MDInferencePolicy(double gamma) {
        if (!(gamma >= 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("gamma must be a non-negative number, got " + gamma);
        }
        this.gamma = gamma;
    }

    public double gamma() {
        return gamma;
    }

    @Override
    public Model select(Zoo zoo, Budget budget) {
        for (int rank = 0; rank < zoo.size(); rank++) {
            Model candidate = zoo.byAccuracy(rank);
            LatencyProfile latency = candidate.latency();
            double spreadMs = budget.spreadFor(candidate);
            if (latency.meanMs() + gamma * spreadMs < budget.remainingFor(candidate)) {
                return candidate;
            }
        }
        return budget.firstToFinish(zoo);
    }

    /** The mean and gamma deviations: the margin of {@link #select} once the queue's wait is over. */
    @Override
    public double runMs(Model model) {
        return model.latency().meanMs() + gamma * model.latency().stdMs();
    }

    @Override
    public String name() {
        return "mdinference";
    }
}
