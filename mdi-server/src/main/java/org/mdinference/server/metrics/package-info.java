/**
 * What the server tells about itself: Prometheus metrics through Micrometer ({@link
 * org.mdinference.server.metrics.ServerMetrics}) and structured request logs ({@link
 * org.mdinference.server.metrics.RequestLog}).
 */
package org.mdinference.server.metrics;
