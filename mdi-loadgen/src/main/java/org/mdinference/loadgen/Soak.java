package org.mdinference.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded soak of a running server: a mixed load ({@link SoakMix}) at a base rate with bursts at a multiple of
 * the server's capacity, and clients that give up mid-request. Every request sent is accounted for ({@link
 * SoakTally}); none may be lost or hung. The server's heap, direct memory and threads, read from its {@code
 * /metrics}, are compared between a window at base load after the warm-up and one at the end; afterwards every kind
 * of request must still be answered as it should.
 *
 * <p>The run, of {@link Settings#duration} in all after the capacity is measured: a warm-up period (a burst of
 * {@link #BURST} at the burst rate, then the rest of {@link #PERIOD} at the base rate), so that the server's pools
 * have grown to what a burst needs before anything is compared; a window of {@link Settings#window} at the base
 * rate (the start figures); periods like the warm-up's; and a last window at the base rate (the end figures). Each
 * window's figure is the least seen in it, scraped every {@link #SCRAPE_EVERY}: the heap's least is its level after
 * a young collection, when the garbage of the load is gone.
 */
public final class Soak {

    static final Duration BURST = Duration.ofSeconds(1);
    static final Duration PERIOD = Duration.ofSeconds(5);
    static final Duration SCRAPE_EVERY = Duration.ofMillis(100);
    private static final Duration CAPACITY_RUN = Duration.ofSeconds(3);
    private static final int CAPACITY_CLIENTS = 16;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final double MB = 1 << 20;

    /**
     * What to run.
     *
     * @param capacity     replies a second the server sustains; NaN to measure it with a closed loop first
     * @param burstFactor  the bursts' rate, times the capacity
     * @param baseFraction the base rate, times the capacity
     * @param hangBound    a request not answered within it is hung: longer than the server's request timeout
     * @param maxInFlight  requests outstanding at most; a send due beyond is skipped and counted, not sent
     */
    public record Settings(URI server, String zoo, Duration duration, Duration window, double capacity,
                           double burstFactor, double baseFraction, Duration hangBound, int maxInFlight, long seed,
                           Flatness flatness) {

        public Settings {
            Duration least = window.multipliedBy(2).plus(PERIOD.multipliedBy(2));
            if (duration.compareTo(least) < 0) {
                throw new IllegalArgumentException("the soak needs a warm-up period of " + PERIOD.toSeconds()
                        + " s, two windows of " + window.toSeconds() + " s and a burst period of "
                        + PERIOD.toSeconds() + " s: give at least " + least.toSeconds() + " s");
            }
            if (!(burstFactor > 0) || !(baseFraction > 0) || maxInFlight < 1) {
                throw new IllegalArgumentException("the burst factor and base fraction must be positive, the requests"
                        + " in flight at least 1");
            }
        }
    }

    /**
     * How much the server's figures may grow from the start window to the end window and still count as flat.
     *
     * @param threads     live threads more
     * @param directBytes direct buffer bytes more
     * @param heapBytes   heap bytes more (its least in each window)
     */
    public record Flatness(int threads, double directBytes, double heapBytes) {
    }

    /** What the soak saw; {@link #failures} empty when it passed. */
    public record Result(SoakTally.Counts counts, double capacity, double baseRate, double burstRate, long skipped,
                         long burstDue, long burstSkipped, ServerResources start, ServerResources end,
                         List<String> failures) {

        public boolean passed() {
            return failures.isEmpty();
        }

        public long sent() {
            return counts.sent();
        }

        public long lost() {
            return counts.lost();
        }

        public long hung() {
            return counts.hung();
        }
    }

    private final Settings settings;
    private final SoakMix mix;
    private final PrintWriter out;

    private Soak(Settings settings, SoakMix mix, PrintWriter out) {
        this.settings = settings;
        this.mix = mix;
        this.out = out;
    }

    /**
     * Runs the soak and prints its progress and report on {@code out}.
     *
     * @throws IOException when the server cannot be reached at the start
     */
    public static Result run(Settings settings, PrintWriter out) throws IOException, InterruptedException {
        return new Soak(settings, SoakMix.build(settings.server(), settings.zoo()), out).run();
    }

    private Result run() throws IOException, InterruptedException {
        out.printf(Locale.ROOT, "soak: %s, zoo %s, %d kinds of request; %s%n", settings.server(), settings.zoo(),
                mix.kinds().size(), LoadtestReport.machine());
        double capacity = Double.isNaN(settings.capacity()) ? measureCapacity() : settings.capacity();
        double base = settings.baseFraction() * capacity;
        double burst = settings.burstFactor() * capacity;
        out.printf(Locale.ROOT, "soak: capacity %.0f/s; base %.0f/s, bursts of %d s at %.0f/s every %d s, for %d s%n",
                capacity, base, BURST.toSeconds(), burst, PERIOD.toSeconds(), settings.duration().toSeconds());
        out.flush();
        SoakTally tally = new SoakTally();
        ResourceWindows windows = new ResourceWindows();
        AtomicLong skipped = new AtomicLong();
        AtomicLong burstDue = new AtomicLong();
        AtomicLong burstSkipped = new AtomicLong();
        Thread sampler = DaemonThreads.start("mdi-soak-metrics", () -> windows.sample(settings.server()));
        long start = System.nanoTime();
        openLoop(tally, start, base, burst, skipped, burstDue, burstSkipped, windows);
        sampler.interrupt();
        sampler.join(5_000);
        SoakTally.Counts counts = tally.counts();
        List<String> failures = new ArrayList<>(check(counts, windows));
        failures.addAll(afterwards());
        Result result = new Result(counts, capacity, base, burst, skipped.get(), burstDue.get(), burstSkipped.get(),
                windows.start(), windows.end(), failures);
        report(result);
        return result;
    }

    /** A closed loop of the well-formed requests: what the server (and this client, on its machine) sustains. */
    private double measureCapacity() throws InterruptedException {
        SoakTally tally = new SoakTally();
        long end = System.nanoTime() + CAPACITY_RUN.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CAPACITY_CLIENTS; i++) {
            Random random = new Random(settings.seed() + i);
            List<SoakMix.Kind> answered = mix.answered();
            clients.add(DaemonThreads.start("mdi-soak-capacity-" + i, () -> {
                try (LoadtestConnection connection = new LoadtestConnection(settings.server())) {
                    while (System.nanoTime() - end < 0) {
                        exchange(connection, answered.get(random.nextInt(answered.size())), tally);
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join(settings.hangBound().toMillis() + CAPACITY_RUN.toMillis());
        }
        SoakTally.Counts counts = tally.counts();
        out.printf(Locale.ROOT, "soak: capacity run, %d clients for %d s: %d served, %d errors%n", CAPACITY_CLIENTS,
                CAPACITY_RUN.toSeconds(), counts.served(), counts.errorCount());
        if (counts.served() == 0) {
            throw new IllegalStateException("the server served none of the capacity run's requests: "
                    + counts.errors() + " " + counts.failures());
        }
        return counts.served() / (CAPACITY_RUN.toNanos() / 1e9);
    }

    private void openLoop(SoakTally tally, long start, double base, double burst, AtomicLong skipped,
                          AtomicLong burstDue, AtomicLong burstSkipped, ResourceWindows windows)
            throws InterruptedException {
        ConcurrentLinkedDeque<LoadtestConnection> idle = new ConcurrentLinkedDeque<>();
        ThreadPoolExecutor senders = new ThreadPoolExecutor(0, settings.maxInFlight(), 10, TimeUnit.SECONDS,
                new SynchronousQueue<>(), work -> DaemonThreads.of("mdi-soak-sender", work));
        Random random = new Random(settings.seed());
        long windowNanos = settings.window().toNanos();
        long end = start + settings.duration().toNanos();
        long lastSecond = start;
        long due = start;
        long warmUp = PERIOD.toNanos();
        while (due - end < 0) {
            long at = due - start;
            boolean inStart = at >= warmUp && at < warmUp + windowNanos;
            boolean inEnd = end - due <= windowNanos;
            boolean bursting = !inStart && !inEnd && (at < warmUp ? at
                    : at - warmUp - windowNanos) % PERIOD.toNanos() < BURST.toNanos();
            windows.at(inStart ? ResourceWindows.Phase.START
                    : inEnd ? ResourceWindows.Phase.END : ResourceWindows.Phase.LOAD);
            LockSupport.parkNanos(due - System.nanoTime());
            SoakMix.Kind kind = mix.draw(random);
            try {
                senders.execute(() -> send(kind, idle, tally));
            } catch (RejectedExecutionException e) {
                skipped.incrementAndGet();
                if (bursting) {
                    burstSkipped.incrementAndGet();
                }
            }
            if (bursting) {
                burstDue.incrementAndGet();
            }
            due += (long) (1e9 / (bursting ? burst : base));
            if (System.nanoTime() - lastSecond >= 1_000_000_000L) {
                lastSecond += 1_000_000_000L;
                progress(tally, (System.nanoTime() - start) / 1e9, bursting, skipped.get());
            }
        }
        windows.at(ResourceWindows.Phase.DONE);
        senders.shutdown();
        if (!senders.awaitTermination(settings.hangBound().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            out.println("soak: senders still busy " + settings.hangBound().toSeconds() + " s after the end");
        }
        idle.forEach(LoadtestConnection::close);
    }

    private void progress(SoakTally tally, double seconds, boolean bursting, long skipped) {
        SoakTally.Counts now = tally.counts();
        out.printf(Locale.ROOT, "%5.0f s %s sent %7d  served %7d  errors %6d  abandoned %5d  lost %d  hung %d"
                        + "  skipped %d%n", seconds, bursting ? "burst" : "     ", now.sent(), now.served(),
                now.errorCount(), now.abandoned(), now.lost(), now.hung(), skipped);
        out.flush();
    }

    private void send(SoakMix.Kind kind, ConcurrentLinkedDeque<LoadtestConnection> idle, SoakTally tally) {
        tally.sent();
        if (kind.expect() == SoakMix.Expect.ABANDON_HALF_BODY || kind.expect() == SoakMix.Expect.ABANDON_BEFORE_REPLY) {
            abandon(kind, tally);
            return;
        }
        LoadtestConnection connection = idle.pollFirst();
        if (connection == null) {
            connection = new LoadtestConnection(settings.server());
        }
        exchange(connection, kind, tally);
        idle.addFirst(connection);
    }

    /** Sends a request and accounts for its reply, or for its failure. */
    private void exchange(LoadtestConnection connection, SoakMix.Kind kind, SoakTally tally) {
        long sent = System.nanoTime();
        LoadtestConnection.Reply reply;
        try {
            reply = connection.exchange(kind.bytes());
        } catch (IOException | RuntimeException e) {
            connection.close();
            double ms = (System.nanoTime() - sent) / 1e6;
            if (ms > settings.hangBound().toMillis()) {
                tally.hung(String.format(Locale.ROOT, "%s: no reply after %.0f ms (%s)", kind.name(), ms, e));
            } else {
                tally.lost(String.format(Locale.ROOT, "%s: %s after %.0f ms", kind.name(), e, ms));
            }
            return;
        }
        double ms = (System.nanoTime() - sent) / 1e6;
        int status = reply.status();
        if (ms > settings.hangBound().toMillis()) {
            tally.hung(String.format(Locale.ROOT, "%s: %d after %.0f ms", kind.name(), status, ms));
        } else if (kind.expect() == SoakMix.Expect.BAD_REQUEST) {
            if (status == 400 && reply.body().length > 0) {
                tally.error(status);
            } else {
                tally.wrong(kind.name() + ": " + status + " instead of 400 with a message");
            }
        } else if (status == 200) {
            tally.served(ms);
        } else if (status >= 400 && reply.body().length > 0) {
            tally.error(status);
        } else {
            tally.wrong(kind.name() + ": " + status + " with " + reply.body().length + " bytes");
        }
    }

    /** A client that gives up: half the body then close, or the whole request then close before the reply. */
    private void abandon(SoakMix.Kind kind, SoakTally tally) {
        byte[] bytes = kind.bytes();
        int length = kind.expect() == SoakMix.Expect.ABANDON_HALF_BODY ? bytes.length / 2 : bytes.length;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(settings.server().getHost(), settings.server().getPort()),
                    CONNECT_TIMEOUT_MS);
            OutputStream stream = socket.getOutputStream();
            stream.write(bytes, 0, length);
            stream.flush();
        } catch (IOException e) {
            tally.lost(kind.name() + ": could not even be sent: " + e);
            return;
        }
        tally.abandoned();
    }

    private List<String> check(SoakTally.Counts counts, ResourceWindows windows) {
        List<String> failures = new ArrayList<>(counts.failures());
        if (counts.accounted() != counts.sent()) {
            failures.add("sent " + counts.sent() + " but accounted for " + counts.accounted() + ": "
                    + (counts.sent() - counts.accounted()) + " still without an outcome after the hang bound");
        }
        if (counts.lost() + counts.hung() + counts.wrong() > 0) {
            failures.add(String.format(Locale.ROOT, "lost %d, hung %d, wrong %d", counts.lost(), counts.hung(),
                    counts.wrong()));
        }
        if (counts.served() == 0) {
            failures.add("nothing served");
        }
        ServerResources start = windows.start();
        ServerResources end = windows.end();
        Flatness flat = settings.flatness();
        if (Double.isNaN(start.threads()) || Double.isNaN(end.threads())) {
            failures.add("the server's /metrics could not be read in both windows");
            return failures;
        }
        if (end.threads() > start.threads() + flat.threads()) {
            failures.add(String.format(Locale.ROOT, "threads grew from %.0f to %.0f (allowed: %d more)",
                    start.threads(), end.threads(), flat.threads()));
        }
        if (end.directBytes() > start.directBytes() + flat.directBytes()) {
            failures.add(String.format(Locale.ROOT, "direct memory grew from %.1f MB to %.1f MB (allowed: %.0f MB"
                    + " more)", start.directBytes() / MB, end.directBytes() / MB, flat.directBytes() / MB));
        }
        if (end.heapBytes() > start.heapBytes() + flat.heapBytes()) {
            failures.add(String.format(Locale.ROOT, "the heap's least grew from %.1f MB to %.1f MB (allowed: %.0f MB"
                    + " more)", start.heapBytes() / MB, end.heapBytes() / MB, flat.heapBytes() / MB));
        }
        return failures;
    }

    /** Each kind once more, alone on a fresh connection: the server still answers as it should after the load. */
    private List<String> afterwards() {
        List<String> failures = new ArrayList<>();
        for (SoakMix.Kind kind : mix.kinds()) {
            if (kind.expect() != SoakMix.Expect.ANSWER && kind.expect() != SoakMix.Expect.BAD_REQUEST) {
                continue;
            }
            int wanted = kind.expect() == SoakMix.Expect.ANSWER ? 200 : 400;
            try (LoadtestConnection connection = new LoadtestConnection(settings.server())) {
                int status = connection.exchange(kind.bytes()).status();
                if (status != wanted) {
                    failures.add("afterwards: " + kind.name() + " answered " + status + " instead of " + wanted);
                }
            } catch (IOException e) {
                failures.add("afterwards: " + kind.name() + " got no answer: " + e);
            }
        }
        return failures;
    }

    private void report(Result result) {
        SoakTally.Counts counts = result.counts();
        out.println();
        out.printf(Locale.ROOT, "soak: %d s, capacity %.0f/s, base %.0f/s, bursts %.0f/s (%.1fx)%n",
                settings.duration().toSeconds(), result.capacity(), result.baseRate(), result.burstRate(),
                settings.burstFactor());
        out.printf(Locale.ROOT, "  %-10s %d = served %d + errors %d + abandoned %d + lost %d + hung %d + wrong %d%n",
                "sent", counts.sent(), counts.served(), counts.errorCount(), counts.abandoned(), counts.lost(),
                counts.hung(), counts.wrong());
        out.printf(Locale.ROOT, "  %-10s %s%n", "errors", counts.errors().isEmpty() ? "none" : counts.errors()
                .entrySet().stream().map(e -> "HTTP " + e.getKey() + ": " + e.getValue()).toList());
        out.printf(Locale.ROOT, "  %-10s %d (due while %d were in flight; not sent), %d of the %d due in bursts%n",
                "skipped", result.skipped(), settings.maxInFlight(), result.burstSkipped(), result.burstDue());
        out.printf(Locale.ROOT, "  %-10s p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", "served", counts.servedMs()
                .percentile(0.5), counts.servedMs().percentile(0.99), counts.servedMs().percentile(1));
        out.printf(Locale.ROOT, "  %-10s %s%n", "start", result.start().describe());
        out.printf(Locale.ROOT, "  %-10s %s%n", "end", result.end().describe());
        out.println(result.passed() ? "soak: passed" : "soak: FAILED");
        result.failures().forEach(failure -> out.println("  " + failure));
        out.flush();
    }
}
