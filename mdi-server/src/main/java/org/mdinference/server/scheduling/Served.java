package org.mdinference.server.scheduling;

/**
 * A job's answer: one output per item, how long the job waited in its model's queue and how long its batch ran.
 *
 * @param queueMs     from the job's admission to the start of its batch
 * @param inferenceMs the whole batch's run, as the job experiences it
 * @param batchItems  items in that batch, this job's and others'
 */
public record Served(float[][] outputs, double queueMs, double inferenceMs, int batchItems) {
}
