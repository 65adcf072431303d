/**
 * The MDInference cloud server ({@link org.mdinference.server.MdiServer}): the Open Inference Protocol over HTTP
 * for every member of a zoo and for the zoo itself, a virtual model that picks its member per request from the
 * request's time budget, each model's queue, and the live latency profiles.
 */
@NullMarked
package org.mdinference.server;

import org.jspecify.annotations.NullMarked;
