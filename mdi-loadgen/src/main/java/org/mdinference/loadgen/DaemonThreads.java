package org.mdinference.loadgen;

/**
 * Threads of the load generator and the soak: daemons, so that a run that is abandoned (Ctrl-C, a test's timeout)
 * never keeps the JVM alive, named so that a thread dump tells what each does.
 */
final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A daemon thread of this name, started. */
    static Thread start(String name, Runnable work) {
        Thread thread = of(name, work);
        thread.start();
        return thread;
    }

    /** A daemon thread of this name, not started: what an executor's thread factory returns. */
    static Thread of(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }
}
