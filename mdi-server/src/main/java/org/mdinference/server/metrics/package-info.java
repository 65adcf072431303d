/**
 * What the server tells about itself: Prometheus metrics through Micrometer ({@link
 * org.mdinference.server.metrics.ServerMetrics}) and structured request logs ({@link
 * org.mdinference.server.metrics.RequestLog}).
 */
@NullMarked
package org.mdinference.server.metrics;

import org.jspecify.annotations.NullMarked;
