package org.mdinference.sim.report;

import java.awt.geom.Rectangle2D;

import org.jfree.chart.JFreeChart;
import org.jfree.svg.MeetOrSlice;
import org.jfree.svg.PreserveAspectRatio;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/** A chart as an inline {@code <svg>} element, to be embedded in an HTML page next to other charts. */
final class SvgChart {

    static final int WIDTH = 560;
    static final int HEIGHT = 340;

    private SvgChart() {
    }

    /**
     * Draws {@code chart} as SVG. {@code id} becomes the element's id and the prefix of its clip paths: charts
     * inlined in one page share one id space, and a clip path of one chart must not clip another.
     */
    static String render(JFreeChart chart, String id) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix(id + "-");
        // two decimals are a hundredth of a pixel; the default precision only makes the page larger
        g.setGeomDoubleConverter(SvgChart::twoDecimals);
        chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement(id, true, new ViewBox(0, 0, WIDTH, HEIGHT), PreserveAspectRatio.XMID_YMID,
                MeetOrSlice.MEET);
    }

    private static String twoDecimals(double value) {
        double rounded = Math.round(value * 100) / 100.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }
}
