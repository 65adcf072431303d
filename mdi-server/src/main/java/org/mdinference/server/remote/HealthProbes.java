package org.mdinference.server.remote;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mdinference.onnx.InputShape;

/**
 * Watches every replica of the remote members, every {@link #INTERVAL}: one in rotation leaves it when its server
 * twice in a row does not say the model is ready within {@link #TIMEOUT} (a hung or vanished server, found within
 * a second even when no request goes to it); one out of rotation comes back once its server says ready and a trial
 * request of one item is answered, that answer's time being its round trip again. One that has never answered
 * before has its model's contract checked first, and stays out, said once, when it serves another.
 */
final class HealthProbes implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(250);
    static final Duration TIMEOUT = Duration.ofMillis(300);
    /** Seeds the trial request's item: its content does not matter. */
    private static final long TRIAL_SEED = 11;

    /** @param misses probes in a row its server did not say ready; @param refused its contract was refused */
    private record Watched(Replica replica, MemberContract contract, InputShape input, int[] misses,
                           boolean[] refused) {
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "mdi-member-health");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Watched> watched = new CopyOnWriteArrayList<>();

    HealthProbes() {
        timer.scheduleWithFixedDelay(this::probeAll, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void watch(RemoteMember member, MemberContract contract, InputShape input) {
        for (Replica replica : member.replicas()) {
            watched.add(new Watched(replica, contract, input, new int[1], new boolean[1]));
        }
    }

    private void probeAll() {
        for (Watched w : watched) {
            try {
                probe(w);
            } catch (RuntimeException e) {
                // a probe that throws must not end the schedule: the next round probes again
                w.replica().eject("its health probe failed: " + e);
            }
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
            InputShape shape = w.contract().agreed(transport, transport.metadata(TIMEOUT));
            if (!shape.equals(w.input())) {
                throw new IllegalArgumentException("endpoint " + transport.endpoint() + " of member "
                        + w.contract().entry().name() + " takes " + shape.described() + ", the member "
                        + w.input().described());
            }
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
    }
}
