/**
 * {@code mdi demo}: the whole system on one machine. The real server with the bundled zoo, emulated devices (each the
 * real SDK with the real on-device model behind its own trace-shaped {@code mdi netem} proxy), a bounded workload of
 * labelled Fashion-MNIST test images per network, policy and SLA, and what the devices measured: accuracy against the
 * true labels, SLA attainment, on-device reliance, latency percentiles, bytes sent. With the device's confidence gate
 * ({@code mdi demo --gate both}) each cell also runs gated on the same held-out images, and {@link
 * org.mdinference.demo.GateComparison} pairs the two arms: cloud requests, bytes, accuracy image by image.
 */
@NullMarked
package org.mdinference.demo;

import org.jspecify.annotations.NullMarked;
