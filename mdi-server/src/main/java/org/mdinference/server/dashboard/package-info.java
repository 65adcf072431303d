/**
 * The live dashboard {@code mdi serve} answers at {@code /dashboard}: a page, its script and style (served from this
 * jar, so that it works with no internet), and the JSON it polls, read from the very meters {@code /metrics} writes
 * (docs/dashboard.md).
 */
@NullMarked
package org.mdinference.server.dashboard;

import org.jspecify.annotations.NullMarked;
