package org.mdinference.sim;

/** The SLAs a sweep visits: FROM to TO inclusive, in steps of STEP milliseconds. */
public record SlaRange(double fromMs, double toMs, double stepMs) {

    /** More points than any chart can show; a typo such as a step of 0.001 should fail, not run for hours. */
    static final int MAX_POINTS = 10_000;

    public SlaRange {
        if (!(fromMs > 0) || !Double.isFinite(fromMs)) {
            throw new IllegalArgumentException("SLA range must start above 0 ms, got " + fromMs);
        }
        if (!(toMs >= fromMs) || !Double.isFinite(toMs)) {
            throw new IllegalArgumentException("SLA range must end at or after its start " + fromMs + ", got " + toMs);
        }
        if (!(stepMs > 0) || !Double.isFinite(stepMs)) {
            throw new IllegalArgumentException("SLA step must be above 0 ms, got " + stepMs);
        }
        if ((toMs - fromMs) / stepMs + 1 > MAX_POINTS) {
            throw new IllegalArgumentException("SLA range " + fromMs + ":" + toMs + ":" + stepMs
                    + " has more than " + MAX_POINTS + " points");
        }
    }

    /** Parses {@code FROM:TO:STEP}, or a single {@code SLA}. */
    public static SlaRange parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length == 1) {
            double sla = number(parts[0], text);
            return new SlaRange(sla, sla, 1);
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("SLA range '" + text + "' must be FROM:TO:STEP in ms, e.g. 50:500:10");
        }
        return new SlaRange(number(parts[0], text), number(parts[1], text), number(parts[2], text));
    }

    public double[] points() {
        int count = (int) Math.floor((toMs - fromMs) / stepMs + 1e-9) + 1;
        double[] points = new double[count];
        for (int i = 0; i < count; i++) {
            points[i] = fromMs + i * stepMs;
        }
        return points;
    }

    private static double number(String part, String whole) {
        try {
            return Double.parseDouble(part.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SLA range '" + whole + "': '" + part + "' is not a number of ms");
        }
    }
}
