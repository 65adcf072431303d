package org.mdinference.sim.report;

import java.util.function.ToDoubleFunction;

import org.mdinference.sim.ResultRow;

/** A quantity the report plots against the SLA, in the unit a reader thinks in: percent or milliseconds. */
enum Metric {
    ACCURACY("Aggregate accuracy", "Aggregate accuracy (%)", Scale.PERCENT, true,
            row -> 100 * row.aggregateAccuracy()),
    FRACTION_OF_ORACLE("Accuracy relative to the oracle", "Accuracy / oracle accuracy (%)", Scale.PERCENT, false,
            row -> 100 * row.fractionOfOracle()),
    SLA_ATTAINMENT("SLA attainment", "Requests within the SLA (%)", Scale.SHARE, false,
            row -> 100 * row.slaAttainment()),
    ON_DEVICE_RELIANCE("On-device reliance", "Requests answered on the device (%)", Scale.SHARE, false,
            row -> 100 * row.onDeviceReliance()),
    MEAN_LATENCY("Mean latency", "Mean latency (ms)", Scale.MILLIS, false, ResultRow::meanLatencyMs),
    P99_LATENCY("99th-percentile latency", "p99 latency (ms)", Scale.MILLIS, false, ResultRow::p99LatencyMs);

    /** How the value axis is drawn. */
    enum Scale {
        /** A percentage whose interesting part may be narrow: the axis fits the data. */
        PERCENT,
        /** A share of all requests: the axis always spans 0 to 100 %, so charts compare at a glance. */
        SHARE,
        /** A time, drawn with the SLA itself (y = x) to show how close to the deadline it runs. */
        MILLIS
    }

    private final String title;
    private final String axisLabel;
    final Scale scale;
    /**
     * Whether a run without oracle rows still gets an oracle line, from the oracle accuracy every row carries: the
     * upper bound is what makes an accuracy chart readable.
     */
    final boolean oracleFromRows;
    private final ToDoubleFunction<ResultRow> value;

    Metric(String title, String axisLabel, Scale scale, boolean oracleFromRows, ToDoubleFunction<ResultRow> value) {
        this.title = title;
        this.axisLabel = axisLabel;
        this.scale = scale;
        this.oracleFromRows = oracleFromRows;
        this.value = value;
    }

    /** Whether the metric means nothing without the oracle. */
    boolean needsOracle() {
        return this == FRACTION_OF_ORACLE;
    }

    /**
     * The chart's title for rows that know the oracle (simulated), or not (measured on real sockets, where accuracy
     * is the share of right answers rather than the mean accuracy of the models that answered).
     */
    String title(boolean simulated) {
        return this == ACCURACY && !simulated ? "Accuracy" : title;
    }

    String axisLabel(boolean simulated) {
        return this == ACCURACY && !simulated ? "Accuracy (%)" : axisLabel;
    }

    double of(ResultRow row) {
        return value.applyAsDouble(row);
    }
}
