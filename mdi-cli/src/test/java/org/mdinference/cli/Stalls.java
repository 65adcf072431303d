package org.mdinference.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the machine kept a JVM from running: a thread that asks to wake every millisecond and notes each wake-up
 * that came more than {@link #NOTICED_MS} ms late. On an idle machine it notes next to nothing; on two cores that
 * other builds keep busy it has noted stalls of up to a second, in which that JVM can answer nothing, however right
 * its code. {@link System#nanoTime} is the machine's monotonic clock on Linux, so the stalls of several JVMs on
 * one machine can be set against each other's times.
 */
final class Stalls implements AutoCloseable {

    /** A late wake-up shorter than this is ordinary scheduling, not a stall. */
    static final double NOTICED_MS = 5;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How a watched {@code mdi serve} tells its stalls ({@link #main}). */
    private static final Pattern LINE = Pattern.compile("^mdi-test stall (\\d+) (\\d+)$");

    /** From the asked wake-up to the real one, on {@link System#nanoTime}. */
    record Stall(long fromNanos, long toNanos) {

        double ms() {
            return (toNanos - fromNanos) / 1e6;
        }

        boolean overlaps(long from, long to) {
            return fromNanos < to && toNanos > from;
        }

        /** The stall a watched {@code mdi serve} told on its standard error, if {@code line} is one. */
        static Optional<Stall> parse(String line) {
            Matcher matcher = LINE.matcher(line);
            return matcher.matches() ? Optional.of(new Stall(Long.parseLong(matcher.group(1)),
                    Long.parseLong(matcher.group(2)))) : Optional.empty();
        }

        String line() {
            return "mdi-test stall " + fromNanos + " " + toNanos;
        }
    }

    private final List<Stall> stalls = new CopyOnWriteArrayList<>();
    private final Consumer<Stall> told;
    private final Thread watcher;
    private volatile boolean running = true;

    /** Watches this JVM. */
    Stalls() {
        this(stall -> { });
    }

    private Stalls(Consumer<Stall> told) {
        this.told = told;
        watcher = new Thread(this::watch, "stall-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * {@code mdi serve} (or any {@code mdi} command) watched: its stalls told on standard error, one line each, for
     * {@link ServeProcess} to read. The command is the real one; only the watcher's thread is added.
     */
    public static void main(String[] args) {
        new Stalls(stall -> System.err.println(stall.line()));
        Main.main(args);
    }

    private void watch() {
        while (running) {
            long asked = System.nanoTime() + TICK_NANOS;
            LockSupport.parkNanos(TICK_NANOS);
            long woke = System.nanoTime();
            if (woke - asked > NOTICED_MS * 1e6) {
                Stall stall = new Stall(asked, woke);
                stalls.add(stall);
                told.accept(stall);
            }
        }
    }

    /** The stalls noted so far. */
    List<Stall> all() {
        return List.copyOf(stalls);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        watcher.join(1_000);
    }
}
