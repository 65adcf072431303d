package org.mdinference.cli;

import java.io.PrintWriter;

/**
 * Progress of a long job on stderr: a bar redrawn in place on a terminal, one line per finished unit when the
 * output goes to a file or a pipe (where carriage returns would only litter a log).
 */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** A bar on err, drawn in place when this process runs in a terminal. */
    static ProgressBar on(PrintWriter err) {
        return new ProgressBar(err, System.console() != null);
    }

    /** {@code done} of {@code total} steps of the named unit are finished. */
    void update(String unit, int done, int total) {
        if (terminal) {
            int filled = total == 0 ? WIDTH : done * WIDTH / total;
            err.printf("\r%-28.28s [%s%s] %d/%d", unit, "#".repeat(filled), ".".repeat(WIDTH - filled), done, total);
            drawn = true;
            if (done == total) {
                err.println();
                drawn = false;
            }
            err.flush();
        } else if (done == total) {
            err.printf("%s: %d/%d done%n", unit, done, total);
        }
    }

    @Override
    public void close() {
        if (drawn) {
            err.println();
        }
    }
}
