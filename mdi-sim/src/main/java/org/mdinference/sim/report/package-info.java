/**
 * What a simulation run leaves behind: {@code results.csv} and {@code model_usage.csv} for tools, and
 * {@code report.html}, one self-contained page of charts and tables for people.
 *
 * <p>Everything here reads {@link org.mdinference.sim.ResultRow}s and writes files; nothing here simulates. Numbers
 * are written with {@link java.util.Locale#ROOT} so a file reads the same on every machine.
 */
@NullMarked
package org.mdinference.sim.report;

import org.jspecify.annotations.NullMarked;
