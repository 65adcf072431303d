package org.mdinference.core;

/** The standard normal distribution's CDF, fast enough to run for every candidate of every decision. */
final class Gaussian {

    private static final double P = 0.3275911;
    private static final double A1 = 0.254829592;
    private static final double A2 = -0.284496736;
    private static final double A3 = 1.421413741;
    private static final double A4 = -1.453152027;
    private static final double A5 = 1.061405429;

    private Gaussian() {
    }

    /**
     * P(Z <= z) for a standard normal Z, by Abramowitz and Stegun's 7.1.26 for erf (absolute error below 1.5e-7,
     * far under what a latency's mean and deviation are known to): one exponential, where the JDK has no erf.
     */
    static double cdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + P * x);
        double erf = 1 - ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
