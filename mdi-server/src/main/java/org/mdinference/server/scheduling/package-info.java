/**
 * Per-model scheduling: a bounded queue with a dynamic batcher in front of each model ({@link
 * org.mdinference.server.scheduling.ModelQueue}), the live latency profiles the policies read ({@link
 * org.mdinference.server.scheduling.LiveProfiles}) and the expected queue wait each budget subtracts ({@link
 * org.mdinference.server.scheduling.QueueWaitEstimator}).
 */
@NullMarked
package org.mdinference.server.scheduling;

import org.jspecify.annotations.NullMarked;
