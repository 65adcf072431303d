package org.mdinference.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.mdinference.sim.ResultRow;

class SlaChartTest {

    private static final List<ResultRow> WITH_ORACLE = SyntheticRows.sweep(List.of("3G"), 5);
    private static final List<ResultRow> WITHOUT_ORACLE =
            WITH_ORACLE.stream().filter(r -> !r.policy().equals("oracle")).toList();

    private static List<Object> seriesKeys(XYDataset dataset) {
        return IntStream.range(0, dataset.getSeriesCount())
                .<Object>mapToObj(dataset::getSeriesKey).toList();
    }

    @Test
    void drawsOneLinePerPolicyInTheFixedOrder() {
        JFreeChart chart = SlaChart.of(Metric.SLA_ATTAINMENT, WITH_ORACLE, true);

        XYDataset dataset = chart.getXYPlot().getDataset();
        assertThat(dataset.getSeriesCount()).isEqualTo(6);
        assertThat(seriesKeys(dataset)).containsExactly(SyntheticRows.POLICIES.toArray());
        assertThat(dataset.getItemCount(0)).isEqualTo(5);
    }

    @Test
    void plotsPercentAgainstTheSla() {
        XYDataset dataset = SlaChart.of(Metric.SLA_ATTAINMENT, WITH_ORACLE, true).getXYPlot().getDataset();

        ResultRow first = WITH_ORACLE.get(0);
        assertThat(dataset.getXValue(0, 0)).isEqualTo(first.slaMs());
        assertThat(dataset.getYValue(0, 0)).isEqualTo(100 * first.slaAttainment());
    }

    @Test
    void latencyChartsAddTheSlaAsReference() {
        XYPlot plot = SlaChart.of(Metric.MEAN_LATENCY, WITH_ORACLE, true).getXYPlot();

        assertThat(seriesKeys(plot.getDataset())).hasSize(7).last().isEqualTo(SlaChart.SLA_REFERENCE);
        assertThat(plot.getRangeAxis().getLabel()).isEqualTo("Mean latency (ms)");
        assertThat(plot.getDomainAxis().getLabel()).isEqualTo("SLA (ms)");
    }

    @Test
    void accuracyChartDerivesTheOracleWhenTheRunHasNoOracleRows() {
        XYDataset dataset = SlaChart.of(Metric.ACCURACY, WITHOUT_ORACLE, true).getXYPlot().getDataset();

        assertThat(seriesKeys(dataset)).containsExactly(SyntheticRows.POLICIES.toArray());
        assertThat(dataset.getYValue(5, 0)).isEqualTo(100 * WITHOUT_ORACLE.get(0).oracleAccuracy());
        assertThat(SlaChart.of(Metric.ON_DEVICE_RELIANCE, WITHOUT_ORACLE, true).getXYPlot().getDataset()
                .getSeriesCount()).isEqualTo(5);
    }

    @Test
    void aPolicyHasOneColourInEveryChartAndTheOracleIsDashed() {
        JFreeChart accuracy = SlaChart.of(Metric.ACCURACY, WITHOUT_ORACLE, true);
        JFreeChart latency = SlaChart.of(Metric.P99_LATENCY, WITH_ORACLE, true);

        for (int i = 0; i < 5; i++) {
            assertThat(accuracy.getXYPlot().getRenderer().getSeriesPaint(i))
                    .isEqualTo(latency.getXYPlot().getRenderer().getSeriesPaint(i))
                    .isEqualTo(PolicyStyle.color(SyntheticRows.POLICIES.get(i)));
        }
        assertThat(accuracy.getXYPlot().getRenderer().getSeriesStroke(5))
                .isEqualTo(PolicyStyle.stroke("oracle"))
                .isNotEqualTo(PolicyStyle.stroke("greedy"));
    }

    @Test
    void aPolicyOutsideThePaperKeepsItsColourAndComesLast() {
        List<ResultRow> rows = List.of(
                new ResultRow("wifi", "my-policy", 100, 10, 0.5, 1, 0, 20, 30, 0.6, Map.of()),
                new ResultRow("wifi", "greedy", 100, 10, 0.5, 1, 0, 20, 30, 0.6, Map.of()));

        XYPlot plot = SlaChart.of(Metric.SLA_ATTAINMENT, rows, true).getXYPlot();

        assertThat(seriesKeys(plot.getDataset())).containsExactly("greedy", "my-policy");
        assertThat(plot.getRenderer().getSeriesPaint(1)).isEqualTo(PolicyStyle.color("my-policy"));
    }
}
