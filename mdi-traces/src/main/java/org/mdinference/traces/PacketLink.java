package org.mdinference.traces;

/**
 * A Mahimahi packet-delivery trace: each entry is a ms at which one MTU-sized packet may be delivered (an entry
 * repeated n times delivers n packets that ms), and the trace starts over after its last entry, as in Mahimahi's
 * link shell. A transfer ends at the opportunity that carries its last packet.
 */
final class PacketLink implements Link {

    /** Mahimahi's packet size: every delivery opportunity carries this many bytes. */
    static final int MTU_BYTES = 1500;

    private final double[] opportunitiesMs;
    private final double bytesPerOpportunity;

    private PacketLink(double[] opportunitiesMs, double bytesPerOpportunity) {
        this.opportunitiesMs = opportunitiesMs;
        this.bytesPerOpportunity = bytesPerOpportunity;
    }

    /**
     * A link with one delivery opportunity per entry of {@code opportunitiesMs}.
     *
     * @throws IllegalArgumentException when there is no entry, an entry is negative or smaller than the one
     *                                  before, or the last entry is 0 (a trace of no length would never wrap)
     */
    static PacketLink of(long[] opportunitiesMs) {
        if (opportunitiesMs.length == 0) {
            throw new IllegalArgumentException("a packet trace needs at least one delivery opportunity");
        }
        double[] times = new double[opportunitiesMs.length];
        for (int i = 0; i < times.length; i++) {
            if (opportunitiesMs[i] < 0 || (i > 0 && opportunitiesMs[i] < opportunitiesMs[i - 1])) {
                throw new IllegalArgumentException("delivery opportunity " + i + " at " + opportunitiesMs[i]
                        + " ms is negative or earlier than the one before");
            }
            times[i] = opportunitiesMs[i];
        }
        if (times[times.length - 1] == 0) {
            throw new IllegalArgumentException("a packet trace must last longer than 0 ms: its last opportunity is at 0 ms");
        }
        return new PacketLink(times, MTU_BYTES);
    }

    @Override
    public double periodMs() {
        return opportunitiesMs[opportunitiesMs.length - 1];
    }

    @Override
    public double transferMs(double startMs, long bytes) {
        if (bytes == 0) {
            return 0;
        }
        long packets = (long) Math.ceil(bytes / bytesPerOpportunity);
        // A start on a period boundary still meets the previous pass's last opportunities, which fall on that
        // very ms, so the pass is chosen to leave the start in (0, period].
        long pass = startMs == 0 ? 0 : (long) Math.ceil(startMs / periodMs()) - 1;
        double inPassMs = startMs - pass * periodMs();
        long last = SortedArrays.firstAtLeast(opportunitiesMs, inPassMs) + packets - 1;
        long lastPass = pass + last / opportunitiesMs.length;
        return lastPass * periodMs() + opportunitiesMs[(int) (last % opportunitiesMs.length)] - startMs;
    }

    @Override
    public double meanBytesPerMs() {
        return opportunitiesMs.length * bytesPerOpportunity / periodMs();
    }

    @Override
    public PacketLink scaled(double factor) {
        return new PacketLink(opportunitiesMs, bytesPerOpportunity * factor);
    }
}
