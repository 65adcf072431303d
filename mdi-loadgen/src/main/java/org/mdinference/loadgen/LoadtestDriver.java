package org.mdinference.loadgen;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Offers one request to a server for a while, closed loop (N clients, each with its own kept-alive connection,
 * sending the next request when the last is answered) or open loop (a request every 1/R s whatever the replies
 * do, sent by a pool of at most {@code maxInFlight} threads with a connection each; a request due when all are
 * busy is skipped and counted). Open-loop latency counts from the moment a request was due, so a client that falls
 * behind does not hide the server's delay.
 */
public final class LoadtestDriver {

    /** How the load is offered: a closed loop of {@code concurrency} clients, or an open loop at {@code rate}. */
    public record Load(int concurrency, double rate, int maxInFlight) {

        public static Load closed(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
            }
            return new Load(concurrency, Double.NaN, concurrency);
        }

        public static Load open(double rate, int maxInFlight) {
            if (!(rate > 0) || !Double.isFinite(rate)) {
                throw new IllegalArgumentException("--rate must be a positive number of requests a second, got "
                        + rate);
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("--max-in-flight must be at least 1, got " + maxInFlight);
            }
            return new Load(0, rate, maxInFlight);
        }

        boolean isOpen() {
            return concurrency == 0;
        }

        public String describe() {
            return isOpen() ? String.format(Locale.ROOT, "rate %.0f/s", rate) : "concurrency " + concurrency;
        }
    }

    /** A measured run: the replies, the seconds measured, and the open loop's skipped sends. */
    public record Result(LoadtestRecorder.Snapshot snapshot, double seconds, long skipped) {

        double throughput() {
            return snapshot.replies() / seconds;
        }
    }

    private static final int PRESTARTED_THREADS = 64;
    private static final long DRAIN_SECONDS = 65;

    private LoadtestDriver() {
    }

    /**
     * Warms up for {@code warmupSeconds} (not counted), then measures for {@code seconds}, printing a line a second
     * on {@code progress} when given.
     */
    public static Result run(URI server, LoadtestRequest request, Load load, double budgetMs, double warmupSeconds,
                      double seconds, @Nullable PrintWriter progress) throws InterruptedException {
        if (warmupSeconds > 0) {
            phase(server, request, load, new LoadtestRecorder(), budgetMs, warmupSeconds, null);
        }
        LoadtestRecorder recorder = new LoadtestRecorder();
        long skipped = phase(server, request, load, recorder, budgetMs, seconds, progress);
        return new Result(recorder.snapshot(), seconds, skipped);
    }

    private static long phase(URI server, LoadtestRequest request, Load load, LoadtestRecorder recorder,
                              double budgetMs, double seconds, @Nullable PrintWriter progress) throws InterruptedException {
        LoadtestSender sender = new LoadtestSender(request, recorder, budgetMs);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        AtomicLong skipped = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        if (!load.isOpen()) {
            for (int i = 0; i < load.concurrency(); i++) {
                threads.add(DaemonThreads.start("mdi-loadtest-" + i, () -> {
                    try (LoadtestConnection connection = new LoadtestConnection(server,
                            request.access())) {
                        while (System.nanoTime() - end < 0) {
                            sender.send(connection);
                        }
                    }
                }));
            }
        } else {
            threads.add(DaemonThreads.start("mdi-loadtest-dispatch", () -> openLoop(server, request.access(), sender,
                    load, start, end, skipped)));
        }
        long lastReplies = 0;
        for (int second = 1; System.nanoTime() - end < 0; second++) {
            Thread.sleep(Math.max(0, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            if (progress != null) {
                LoadtestRecorder.Snapshot now = recorder.snapshot();
                progress.printf(Locale.ROOT, "%4d s  %7d replies/s  ok %8d  errors %6d  p50 %7.2f ms  p99 %7.2f ms%n",
                        second, now.replies() - lastReplies, now.ok(), now.errors(), now.percentileMs(0.50),
                        now.percentileMs(0.99));
                progress.flush();
                lastReplies = now.replies();
            }
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(DRAIN_SECONDS));
        }
        return skipped.get();
    }

    private static void openLoop(URI server, LoadtestAccess access, LoadtestSender sender, Load load, long start,
                                 long end, AtomicLong skipped) {
        ConcurrentLinkedDeque<LoadtestConnection> idle = new ConcurrentLinkedDeque<>();
        ThreadPoolExecutor senders = new ThreadPoolExecutor(Math.min(PRESTARTED_THREADS, load.maxInFlight()),
                load.maxInFlight(), 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                work -> DaemonThreads.of("mdi-loadtest-sender", work));
        senders.prestartAllCoreThreads();
        double intervalNanos = 1e9 / load.rate();
        for (long k = 0; ; k++) {
            long due = start + (long) (k * intervalNanos);
            if (due - end >= 0) {
                break;
            }
            LockSupport.parkNanos(due - System.nanoTime());
            try {
                senders.execute(() -> {
                    LoadtestConnection connection = idle.pollFirst();
                    if (connection == null) {
                        connection = new LoadtestConnection(server, access);
                    }
                    sender.send(connection, due);
                    idle.addFirst(connection);
                });
            } catch (RejectedExecutionException e) {
                skipped.incrementAndGet();
            }
        }
        senders.shutdown();
        try {
            senders.awaitTermination(DRAIN_SECONDS - 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        idle.forEach(LoadtestConnection::close);
    }
}
