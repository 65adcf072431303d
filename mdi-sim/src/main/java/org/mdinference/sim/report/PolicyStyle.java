package org.mdinference.sim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.util.Comparator;
import java.util.List;

/**
 * How each policy looks and where it is listed, the same in every chart and table of a report. The paper's policies
 * have fixed colours; any other policy gets one of the spare colours by its name, so it too keeps its colour from
 * chart to chart and from run to run.
 */
final class PolicyStyle {

    static final String ORACLE = "oracle";

    /**
     * The project's policies, in the order a reader meets them: the paper's proposal and ours past it, the baselines,
     * the upper bound.
     */
    private static final List<String> KNOWN = List.of("mdinference", "expected-accuracy", "greedy", "static-accuracy",
            "static-latency", "random", ORACLE);
    private static final List<Color> KNOWN_COLORS = List.of(
            new Color(0x1f77b4), new Color(0xd62728), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0x222222));
    private static final List<Color> SPARE_COLORS = List.of(
            new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f));

    static final Color REFERENCE_COLOR = new Color(0x999999);

    private static final Stroke SOLID = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke BOLD = new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 4f}, 0f);
    static final Stroke DOTTED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {2f, 3f}, 0f);

    /** Known policies first in their fixed order, then the others by name. */
    static final Comparator<String> ORDER = Comparator.<String>comparingInt(PolicyStyle::rank)
            .thenComparing(Comparator.naturalOrder());

    private PolicyStyle() {
    }

    static Color color(String policy) {
        int known = KNOWN.indexOf(policy);
        return known >= 0 ? KNOWN_COLORS.get(known)
                : SPARE_COLORS.get(Math.floorMod(policy.hashCode(), SPARE_COLORS.size()));
    }

    /** The oracle is an upper bound, not a contender: dashed. The proposals, the paper's and ours, stand out. */
    static Stroke stroke(String policy) {
        if (policy.equals(ORACLE)) {
            return DASHED;
        }
        return KNOWN.subList(0, 2).contains(policy) ? BOLD : SOLID;
    }

    private static int rank(String policy) {
        int known = KNOWN.indexOf(policy);
        return known >= 0 ? known : KNOWN.size();
    }
}
