package org.mdinference.server.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mdinference.onnx.InputShape;

/**
 * Watches every replica of the remote members, every {@link #INTERVAL}: one in rotation leaves it when its server
 * twice in a row does not say the model is ready within {@link #TIMEOUT} (a hung or vanished server, found within
 * about a second even when no request goes to it); one out of rotation comes back once its server says ready and a
 * trial request of one item is answered, that answer's time being its round trip again. One that has never answered
 * before has its model's contract checked first, and stays out, said once, when it serves another.
 *
 * <p>The replicas of a round are probed at once, each on a thread of its own: probed one after the other, a hung
 * server's probes each waited their whole timeout before the next began, so that a hung server of twelve models
 * left the choices after four to eight seconds, and delayed the probes of every other replica as long.
 */
final class HealthProbes implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(200);
    static final Duration TIMEOUT = Duration.ofMillis(250);
    /** Seeds the trial request's item: its content does not matter. */
    private static final long TRIAL_SEED = 11;

    /** @param misses probes in a row its server did not say ready; @param refused its contract was refused */
    private record Watched(Replica replica, MemberContract contract, InputShape input, int[] misses,
                           boolean[] refused) {
    }

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(daemon("mdi-member-health"));
    /** As many threads as replicas watched: a round's probes all run at once, and the round waits for them. */
    private final ThreadPoolExecutor probing = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(), daemon("mdi-member-probe"));
    private final List<Watched> watched = new CopyOnWriteArrayList<>();

    HealthProbes() {
        timer.scheduleWithFixedDelay(this::probeAll, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String name) {
        return work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    synchronized void watch(RemoteMember member, MemberContract contract, InputShape input) {
        for (Replica replica : member.replicas()) {
            watched.add(new Watched(replica, contract, input, new int[1], new boolean[1]));
        }
        // the maximum first: a core size above it is refused
        probing.setMaximumPoolSize(Math.max(1, watched.size()));
        probing.setCorePoolSize(Math.max(1, watched.size()));
    }

    private void probeAll() {
        List<Future<?>> round = new ArrayList<>();
        for (Watched w : watched) {
            round.add(probing.submit(() -> probeOrEject(w)));
        }
        // the next round starts once each probe of this one is done: a replica is never probed twice at once
        for (Future<?> probe : round) {
            try {
                probe.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // probeOrEject throws no exception; an Error ends only its own probe, and the next round probes again
            }
        }
    }

    private void probeOrEject(Watched w) {
        try {
            probe(w);
        } catch (RuntimeException e) {
            // a probe that throws must not end the schedule: the next round probes again
            w.replica().eject("its health probe failed: " + e);
        }
    }

    private void probe(Watched w) {
        boolean ready = w.replica().transport().ready(TIMEOUT);
        if (w.replica().inRotation()) {
            w.misses()[0] = ready ? 0 : w.misses()[0] + 1;
            if (w.misses()[0] >= 2) {
                w.replica().eject("its server did not say ready twice in a row");
            }
            return;
        }
        if (!ready || w.refused()[0] || !verify(w)) {
            return;
        }
        String inputName = w.contract().entry().input().name();
        long start = System.nanoTime();
        try {
            w.replica().transport().infer(new RemoteCall(inputName, w.input().forBatch(1),
                    w.input().seededItems(1, TRIAL_SEED), w.contract().entry().output().name(),
                    OptionalDouble.empty(), TIMEOUT.toNanos()));
            w.misses()[0] = 0;
            w.replica().readmit((System.nanoTime() - start) / 1e6);
        } catch (RemoteCallException e) {
            // still out: the next round tries again
        }
    }

    /** Whether the replica's contract is known to be the member's: checked once, the first time it answers. */
    private static boolean verify(Watched w) {
        MemberTransport transport = w.replica().transport();
        if (w.replica().verified()) {
            return true;
        }
        try {
            w.contract().agreed(transport, transport.metadata(TIMEOUT), w.input());
            w.replica().verify(transport.serverName(TIMEOUT).equals(RemoteMembers.MDINFERENCE));
            return true;
        } catch (RemoteCallException e) {
            return false;
        } catch (IllegalArgumentException e) {
            w.refused()[0] = true;
            w.replica().refuse(e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        probing.shutdownNow();
    }
}
