package org.mdinference.traces;

/**
 * The unit of a two-column throughput trace, which its content cannot tell: Pensieve's and Riiser's traces are
 * in Mbit/s, Puffer's collection most likely in MByte/s. A trace spec names it with a suffix such as {@code @MBps}.
 */
enum ThroughputUnit {
    MBIT_PER_S("Mbps", 1),
    MBYTE_PER_S("MBps", 8);

    /** 1 Mbit/s moves 10^6 / 8 bytes a second, 125 a ms. */
    private static final double BYTES_PER_MS_PER_MBPS = 125;

    private final String suffix;
    private final double mbitPerUnit;

    ThroughputUnit(String suffix, double mbitPerUnit) {
        this.suffix = suffix;
        this.mbitPerUnit = mbitPerUnit;
    }

    /** What follows the {@code @} of a trace spec, e.g. {@code MBps}. */
    String suffix() {
        return suffix;
    }

    double bytesPerMs(double value) {
        return value * mbitPerUnit * BYTES_PER_MS_PER_MBPS;
    }
}
