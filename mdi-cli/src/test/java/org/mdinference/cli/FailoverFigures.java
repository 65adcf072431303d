package org.mdinference.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.mdinference.cli.ZooLoad.Kind;
import org.mdinference.cli.ZooLoad.Sent;

/**
 * What the clients of {@link FrontEndFailoverTest} saw, against the moments of its run (all {@link System#nanoTime}):
 * the end of the warm-up, the kill, the restart, the restarted member's readiness, and the front end's taking it
 * back. Counts, lateness and the phases' figures, for the test's assertions and for docs/failover.md.
 */
record FailoverFigures(List<Sent> all, List<Stalls.Stall> stalls, double slaMs, long measured, long killed,
                       long restarting, long backReady, long allBack) {

    /** The requests sent after the warm-up that the front end is judged by ({@link #judged(List)}). */
    List<Sent> judged() {
        return judged(between(measured, Long.MAX_VALUE));
    }

    /**
     * Those of {@code sent} during which every JVM of the test ran when it asked to ({@link Stalls}): while one is
     * kept from running, it answers nothing, however right its code.
     */
    List<Sent> judged(List<Sent> sent) {
        return sent.stream().filter(s -> longestStallMs(s) == 0).toList();
    }

    /** The longest stall of a JVM of the test while the client waited for {@code s}'s reply, 0 when none. */
    double longestStallMs(Sent s) {
        return stalls.stream().filter(stall -> stall.overlaps(s.sentNanos(), s.repliedNanos()))
                .mapToDouble(Stalls.Stall::ms).max().orElse(0);
    }

    long count(Kind kind) {
        return all.stream().filter(s -> s.kind() == kind).count();
    }

    /** The requests sent in {@code [from, to)}. */
    List<Sent> between(long from, long to) {
        return all.stream().filter(s -> s.sentNanos() >= from && s.sentNanos() < to).toList();
    }

    /** The judged replies that came more than {@code graceMs} after their budget. */
    List<Sent> lateBy(double graceMs) {
        return judged().stream().filter(s -> s.latencyMs() > slaMs + graceMs).toList();
    }

    double accuracy() {
        List<Sent> served = all.stream().filter(s -> s.kind() == Kind.SERVED).toList();
        return served.stream().filter(Sent::correct).count() / (double) served.size();
    }

    /** From the kill to the reply of the first request sent after it and served. */
    double firstServedAfterKillMs() {
        return all.stream().filter(s -> s.sentNanos() >= killed && s.kind() == Kind.SERVED)
                .mapToLong(Sent::repliedNanos).min().stream().mapToDouble(end -> ZooLoad.ms(killed, end))
                .findFirst().orElse(Double.NaN);
    }

    /** The report, one figure a line, with the slowest replies and those not served after the kill. */
    String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("  sent %d = served %d + no_model_fits %d + errors %d; lost %d%n", all.size(),
                count(Kind.SERVED), count(Kind.NO_MODEL_FITS), count(Kind.ERROR), count(Kind.LOST)));
        List<Sent> after = between(measured, Long.MAX_VALUE);
        out.append(String.format("  judged %d of the %d requests sent after the warm-up (the others overlapped a"
                + " stall of one of the test's JVMs)%n", judged().size(), after.size()));
        judged().stream().max(Comparator.comparingDouble(Sent::latencyMs)).ifPresent(latest -> out.append(
                String.format("  latest judged reply: %.1f ms, %+.1f ms past its budget, a %s%n", latest.latencyMs(),
                        latest.latencyMs() - slaMs, latest.kind())));
        after.stream().max(Comparator.comparingDouble(Sent::latencyMs)).ifPresent(latest -> out.append(
                String.format("  latest of all after the warm-up: %.1f ms, a %s, overlapping a stall of %.0f ms%n",
                        latest.latencyMs(), latest.kind(), longestStallMs(latest))));
        judged().stream().filter(s -> s.parameters().serverMs().isPresent())
                .max(Comparator.comparingDouble(s -> s.parameters().serverMs().getAsDouble()))
                .ifPresent(s -> out.append(String.format("  latest judged by the front end's own clock: server_ms %.1f,"
                        + " a %s%n", s.parameters().serverMs().getAsDouble(), s.kind())));
        List<Stalls.Stall> seen = stalls.stream().filter(stall -> stall.toNanos() > measured).toList();
        out.append(String.format("  the test's JVMs stalled %d times after the warm-up (woken over %.0f ms late),"
                        + " %.0f ms in all, the longest %.0f ms%n", seen.size(), Stalls.NOTICED_MS,
                seen.stream().mapToDouble(Stalls.Stall::ms).sum(),
                seen.stream().mapToDouble(Stalls.Stall::ms).max().orElse(0)));
        out.append(String.format("  top-1 of the served replies %.3f%n", accuracy()));
        out.append(phase("warm-up (lateness not judged)", Long.MIN_VALUE, measured));
        out.append(phase("before the kill", measured, killed));
        out.append(phase("first second after the kill", killed, killed + 1_000_000_000L));
        out.append(phase("then until the restart", killed + 1_000_000_000L, restarting));
        out.append(phase("restart until taken back", restarting, allBack));
        out.append(phase("once taken back", allBack, Long.MAX_VALUE));
        out.append(String.format("  first request sent after the kill: served %.1f ms after the kill%n",
                firstServedAfterKillMs()));
        out.append(String.format("  restarted member ready %.0f ms after its start; all its endpoints back in the"
                + " front end's choices %.0f ms after it was ready%n", ZooLoad.ms(restarting, backReady),
                ZooLoad.ms(backReady, allBack)));
        out.append("  slowest replies:\n");
        all.stream().sorted(Comparator.comparingDouble(Sent::latencyMs).reversed()).limit(3)
                .forEach(s -> out.append(line(s)));
        out.append("  requests sent after the kill and not served:\n");
        all.stream().filter(s -> s.sentNanos() >= killed && s.kind() != Kind.SERVED)
                .sorted(Comparator.comparingLong(Sent::sentNanos)).limit(10).forEach(s -> out.append(line(s)));
        return out.toString();
    }

    private String phase(String name, long from, long to) {
        List<Sent> in = between(from, to);
        Map<String, Long> models = new TreeMap<>(in.stream().filter(s -> s.kind() == Kind.SERVED)
                .collect(Collectors.groupingBy(s -> s.model().orElse("?"), Collectors.counting())));
        Map<Kind, Long> kinds = new TreeMap<>(in.stream().collect(Collectors.groupingBy(Sent::kind,
                Collectors.counting())));
        double[] latencies = in.stream().mapToDouble(Sent::latencyMs).sorted().toArray();
        double p99 = latencies.length == 0 ? Double.NaN
                : latencies[Math.max(0, (int) Math.ceil(latencies.length * 0.99) - 1)];
        double max = latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1];
        return String.format("  %-30s %5d sent %s, served by %s, p99 %.1f ms, max %.1f ms%n", name, in.size(), kinds,
                models, p99, max);
    }

    /** One request: when it was sent, how long its reply took, what it was. */
    String line(Sent s) {
        double stall = longestStallMs(s);
        boolean replied = s.kind() == Kind.SERVED || s.kind() == Kind.NO_MODEL_FITS;
        return String.format("    sent %+.0f ms from the kill: %.1f ms%s, %s %s%n", ZooLoad.ms(killed, s.sentNanos()),
                s.latencyMs(), stall > 0 ? String.format(" (a stall of %.0f ms)", stall) : "", s.kind(),
                replied ? s.parameters() : s.detail());
    }
}
