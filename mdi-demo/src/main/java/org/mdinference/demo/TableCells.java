package org.mdinference.demo;

import org.mdinference.sim.report.Html;

/** The cells of the report's comparison tables. */
final class TableCells {

    private TableCells() {
    }

    /** A figure, right-aligned as the report's tables align numbers. */
    static String num(String value) {
        return "<td class=\"num\">" + Html.escape(value) + "</td>";
    }

    static String text(String value) {
        return "<td>" + Html.escape(value) + "</td>";
    }
}
