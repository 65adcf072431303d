package org.mdinference.core;

/**
 * Past the paper's rule: each candidate is weighed by the chance that its answer reaches the device by the deadline
 * ({@link Budget#arrivalChance}), from the distributions of its run, its queue's wait and the return trip, where the
 * paper keeps a margin of deviations.
 *
 * <p>When the device runs a model of its own (the request names its accuracy), a late cloud answer costs exactly the
 * difference between the two: the pick maximises {@code P * top1 + (1 - P) * top1(device)}, the accuracy the device
 * can expect. Without one, a late answer is no answer: the pick is the most accurate candidate whose chance is at
 * least the target, and when none reaches it, the one likeliest to arrive.
 */
public final class ExpectedAccuracyPolicy implements SelectionPolicy {

    /** One late answer in a hundred, where nothing on the device covers for it. */
    public static final double DEFAULT_TARGET = 0.99;

    private final double target;

    public ExpectedAccuracyPolicy() {
        this(DEFAULT_TARGET);
    }

    /** @param target the chance of arrival a pick must reach when the device has no answer of its own */
    public ExpectedAccuracyPolicy(double target) {
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("the target chance of arrival must be in (0, 1], got " + target);
        }
        this.target = target;
    }

    @Override
    public Model select(Zoo zoo, Budget budget, ZooRequest request) {
        return request.minAccuracy().isPresent() ? mostExpected(zoo, budget, request.minAccuracy().get())
                : select(zoo, budget);
    }

    /** Without an answer on the device: the most accurate likely enough to arrive, else the likeliest. */
    @Override
    public Model select(Zoo zoo, Budget budget) {
        Model likeliest = zoo.byAccuracy(0);
        double highest = -1;
        for (int rank = 0; rank < zoo.size(); rank++) {
            Model candidate = zoo.byAccuracy(rank);
            double chance = budget.arrivalChance(candidate);
            if (chance >= target) {
                return candidate;
            }
            if (chance > highest) {
                likeliest = candidate;
                highest = chance;
            }
        }
        return likeliest;
    }

    private static Model mostExpected(Zoo zoo, Budget budget, double deviceAccuracy) {
        Model best = zoo.byAccuracy(0);
        double bestExpected = Double.NEGATIVE_INFINITY;
        for (int rank = 0; rank < zoo.size(); rank++) {
            Model candidate = zoo.byAccuracy(rank);
            // no candidate can be expected to do better than the better of its answer and the device's: by
            // accuracy, the rest cannot beat the best found
            if (Math.max(candidate.accuracy(), deviceAccuracy) <= bestExpected) {
                break;
            }
            double chance = budget.arrivalChance(candidate);
            double expected = expected(chance, candidate.accuracy(), deviceAccuracy);
            if (expected > bestExpected) {
                best = candidate;
                bestExpected = expected;
            }
        }
        return best;
    }

    /** The accuracy a device can expect of an answer that arrives with this chance, its own covering a late one. */
    static double expected(double chance, double accuracy, double deviceAccuracy) {
        return chance * accuracy + (1 - chance) * deviceAccuracy;
    }

    @Override
    public String name() {
        return "expected-accuracy";
    }
}
