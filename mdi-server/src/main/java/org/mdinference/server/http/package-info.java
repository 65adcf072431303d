/**
 * The HTTP binding on Javalin: the Open Inference Protocol's routes ({@link org.mdinference.server.http.OipRoutes}),
 * the bounded body reader, and the one place exceptions become {@code {"error": ...}} replies ({@link
 * org.mdinference.server.http.ErrorReplies}).
 */
@NullMarked
package org.mdinference.server.http;

import org.jspecify.annotations.NullMarked;
