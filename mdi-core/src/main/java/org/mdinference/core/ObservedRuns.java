package org.mdinference.core;

/**
 * The runs a server has watched each model make, by batch size: the distribution a decision weighs a request of n
 * items against ({@link ZooBatching#atBatchOf(Zoo, int, ObservedRuns)}). The simulator and the paper have none.
 */
@FunctionalInterface
public interface ObservedRuns {

    /** Nothing watched: every model is known by its profile's mean and deviation. */
    ObservedRuns NONE = (model, items) -> TimeSpread.NONE;

    /**
     * The recent runs of batches of {@code items} items of the named model, each a whole batch's time;
     * {@link TimeSpread#NONE} when too few were seen to describe them.
     */
    TimeSpread of(String model, int items);
}
