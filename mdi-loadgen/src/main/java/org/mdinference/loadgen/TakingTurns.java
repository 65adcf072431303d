package org.mdinference.loadgen;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Closed loops measured side by side: each side keeps its own connections (one a thread) from turn to turn, and the
 * sides run one slice after another, round after round, so that whatever else the machine does meanwhile falls on
 * every side alike and their ratio holds even when their absolute figures do not.
 */
final class TakingTurns {

    /** One thread's way of sending a side's request and recording its reply. */
    interface Exchange extends AutoCloseable {

        void exchange(LoadtestRecorder into);

        @Override
        void close();
    }

    /** A side whose requests go over HTTP on the load generator's own connection, recorded with their timings. */
    static Supplier<Exchange> http(URI server, LoadtestRequest request) {
        return () -> {
            LoadtestConnection connection = new LoadtestConnection(server, request.access());
            return new Exchange() {
                @Override
                public void exchange(LoadtestRecorder into) {
                    new LoadtestSender(request, into, Double.NaN).send(connection);
                }

                @Override
                public void close() {
                    connection.close();
                }
            };
        };
    }

    /** A call made in this process, timed from outside: its latency alone is recorded. */
    interface Call {
        void call() throws Exception;
    }

    /** A side that is a call in this process (a client library's), recorded by its latency alone. */
    static Supplier<Exchange> inProcess(Supplier<Call> open) {
        return () -> {
            Call call = open.get();
            return new Exchange() {
                @Override
                public void exchange(LoadtestRecorder into) {
                    long start = System.nanoTime();
                    try {
                        call.call();
                    } catch (Exception e) {
                        // no reply is all a failed call says here, whatever its kind
                        into.failed();
                        return;
                    }
                    into.record(LoadtestRecorder.Reply.answered((System.nanoTime() - start) / 1e6));
                }

                @Override
                public void close() {
                    // the call's client is its owner's to close
                }
            };
        };
    }

    /** One side: its label, its connections, and what its counted turns recorded. */
    static final class Side implements AutoCloseable {
        private final String label;
        private final Supplier<Exchange> open;
        private final List<Exchange> exchanges = new ArrayList<>();
        private final LoadtestRecorder recorder = new LoadtestRecorder();
        private double seconds;

        Side(String label, Supplier<Exchange> open) {
            this.label = label;
            this.open = open;
        }

        String label() {
            return label;
        }

        /** What the counted turns recorded. */
        LoadtestRecorder.Snapshot snapshot() {
            return recorder.snapshot();
        }

        /** Replies a second over the counted turns. */
        double throughput() {
            return seconds == 0 ? 0 : recorder.snapshot().replies() / seconds;
        }

        /** A closed loop of {@code concurrency} threads for {@code seconds}; counted unless it is a warm-up. */
        void turn(int concurrency, double turnSeconds, boolean counted) throws InterruptedException {
            while (exchanges.size() < concurrency) {
                exchanges.add(open.get());
            }
            LoadtestRecorder into = counted ? recorder : new LoadtestRecorder();
            long end = System.nanoTime() + (long) (turnSeconds * 1e9);
            List<Thread> threads = new ArrayList<>();
            for (Exchange exchange : exchanges.subList(0, concurrency)) {
                threads.add(DaemonThreads.start("mdi-turns-" + label, () -> {
                    while (System.nanoTime() - end < 0) {
                        exchange.exchange(into);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            if (counted) {
                seconds += turnSeconds;
            }
        }

        @Override
        public void close() {
            exchanges.forEach(Exchange::close);
        }
    }

    private TakingTurns() {
    }
}
