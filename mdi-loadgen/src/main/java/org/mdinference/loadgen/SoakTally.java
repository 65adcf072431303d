package org.mdinference.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The soak's account of every request it sent: served (200), an explicit error (a status of 400 or more with a
 * message), abandoned on purpose, or a failure: lost (the connection failed with no reply), hung (a reply, or none,
 * after the hang bound) or wrong (a reply the request's kind does not allow: a malformed request not refused with 400,
 * an error without a message, a status that is neither). Sends are counted as they start and outcomes as they end,
 * so a request whose sender never finished leaves them apart. Thread-safe; one short lock per request.
 */
public final class SoakTally {

    /** Details kept of the failures, enough to read what went wrong. */
    private static final int DETAILS = 10;

    /** The totals at one moment; {@code errors} by status. */
    public record Counts(long sent, long served, long abandoned, long lost, long hung, long wrong,
                  Map<Integer, Long> errors, LoadtestRecorder.Samples servedMs, List<String> failures) {

        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The requests whose outcome is known: all of those sent, once every sender has finished. */
        public long accounted() {
            return served + errorCount() + abandoned + lost + hung + wrong;
        }
    }

    private final Object lock = new Object();
    private final LoadtestRecorder.Samples servedMs = new LoadtestRecorder.Samples();
    private final Map<Integer, Long> errors = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private long sent;
    private long served;
    private long abandoned;
    private long lost;
    private long hung;
    private long wrong;

    SoakTally() {
    }

    void sent() {
        synchronized (lock) {
            sent++;
        }
    }

    void served(double ms) {
        synchronized (lock) {
            served++;
            servedMs.add(ms);
        }
    }

    void error(int status) {
        synchronized (lock) {
            errors.merge(status, 1L, Long::sum);
        }
    }

    void abandoned() {
        synchronized (lock) {
            abandoned++;
        }
    }

    void lost(String detail) {
        synchronized (lock) {
            lost++;
            keep("lost: " + detail);
        }
    }

    void hung(String detail) {
        synchronized (lock) {
            hung++;
            keep("hung: " + detail);
        }
    }

    void wrong(String detail) {
        synchronized (lock) {
            wrong++;
            keep("wrong: " + detail);
        }
    }

    private void keep(String detail) {
        if (failures.size() < DETAILS) {
            failures.add(detail);
        }
    }

    Counts counts() {
        synchronized (lock) {
            return new Counts(sent, served, abandoned, lost, hung, wrong, new TreeMap<>(errors), servedMs.copy(),
                    List.copyOf(failures));
        }
    }
}
