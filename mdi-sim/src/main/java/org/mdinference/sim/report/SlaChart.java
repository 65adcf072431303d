package org.mdinference.sim.report;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.mdinference.sim.ResultRow;

/** One metric of one network against the SLA: a line per policy, in each policy's own colour. */
final class SlaChart {

    static final String SLA_REFERENCE = "SLA (y = x)";

    private static final Color GRID = new Color(0xdddddd);
    private static final Font AXIS_LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private SlaChart() {
    }

    /**
     * The chart of {@code metric} for {@code rows}, all of one network; it has no title, its page gives one.
     *
     * @param simulated whether the rows know the oracle (a simulation) or were measured on real sockets
     */
    static JFreeChart of(Metric metric, List<ResultRow> rows, boolean simulated) {
        XYSeriesCollection dataset = dataset(metric, rows, simulated);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        // one SVG path per line instead of one element per segment: a page of many charts stays small
        renderer.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            String key = (String) dataset.getSeriesKey(i);
            boolean reference = key.equals(SLA_REFERENCE);
            renderer.setSeriesPaint(i, reference ? PolicyStyle.REFERENCE_COLOR : PolicyStyle.color(key));
            renderer.setSeriesStroke(i, reference ? PolicyStyle.DOTTED : PolicyStyle.stroke(key));
        }
        XYPlot plot = new XYPlot(dataset, axis("SLA (ms)"), valueAxis(metric, simulated), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 4, 4, 12));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setItemFont(LEGEND_FONT);
        return chart;
    }

    /** The series, policies in {@link PolicyStyle#ORDER}, then the SLA reference where the metric has one. */
    private static XYSeriesCollection dataset(Metric metric, List<ResultRow> rows, boolean simulated) {
        SortedMap<String, XYSeries> series = new TreeMap<>(PolicyStyle.ORDER);
        for (ResultRow row : rows) {
            series.computeIfAbsent(row.policy(), policy -> new XYSeries(policy, true, true))
                    .add(row.slaMs(), metric.of(row));
        }
        if (metric.oracleFromRows && !series.containsKey(PolicyStyle.ORACLE) && simulated) {
            series.put(PolicyStyle.ORACLE, oracleFromRows(rows));
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        series.values().forEach(dataset::addSeries);
        if (metric.scale == Metric.Scale.MILLIS && !rows.isEmpty()) {
            dataset.addSeries(slaReference(rows));
        }
        return dataset;
    }

    /** Per SLA, the mean of the oracle accuracy the rows carry: they saw the same requests, so it is one value. */
    private static XYSeries oracleFromRows(List<ResultRow> rows) {
        SortedMap<Double, double[]> sumAndCount = new TreeMap<>();
        for (ResultRow row : rows) {
            double[] sc = sumAndCount.computeIfAbsent(row.slaMs(), sla -> new double[2]);
            sc[0] += row.oracleAccuracy();
            sc[1]++;
        }
        XYSeries oracle = new XYSeries(PolicyStyle.ORACLE, true, false);
        for (Map.Entry<Double, double[]> e : sumAndCount.entrySet()) {
            oracle.add(e.getKey().doubleValue(), 100 * e.getValue()[0] / e.getValue()[1]);
        }
        return oracle;
    }

    private static XYSeries slaReference(List<ResultRow> rows) {
        double min = rows.stream().mapToDouble(ResultRow::slaMs).min().orElseThrow();
        double max = rows.stream().mapToDouble(ResultRow::slaMs).max().orElseThrow();
        XYSeries reference = new XYSeries(SLA_REFERENCE, true, true);
        reference.add(min, min);
        reference.add(max, max);
        return reference;
    }

    private static NumberAxis valueAxis(Metric metric, boolean simulated) {
        NumberAxis axis = axis(metric.axisLabel(simulated));
        if (metric.scale == Metric.Scale.SHARE) {
            // a little headroom, so a line at 100 % is not hidden in the plot's border
            axis.setRange(0, 102);
            axis.setTickUnit(new NumberTickUnit(20));
        } else if (metric.scale == Metric.Scale.MILLIS) {
            axis.setAutoRangeIncludesZero(true);
        }
        return axis;
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setLabelFont(AXIS_LABEL_FONT);
        axis.setTickLabelFont(TICK_FONT);
        return axis;
    }
}
