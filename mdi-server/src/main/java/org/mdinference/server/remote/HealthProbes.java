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
 * request of one item is answered, that answer's time being its round trip again.
 */
final class HealthProbes implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(250);
    static final Duration TIMEOUT = Duration.ofMillis(300);
    /** Seeds the trial request's item: its content does not matter. */
    private static final long TRIAL_SEED = 11;

    private record Watched(RemoteMember member, Replica replica, InputShape input, String inputName,
                           String outputName, int[] misses) {
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

    void watch(RemoteMember member, InputShape input, String inputName, String outputName) {
        for (Replica replica : member.replicas()) {
            watched.add(new Watched(member, replica, input, inputName, outputName, new int[1]));
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
        if (!ready) {
            return;
        }
        long start = System.nanoTime();
        try {
            w.replica().transport().infer(new RemoteCall(w.inputName(), w.input().forBatch(1),
                    w.input().seededItems(1, TRIAL_SEED), w.outputName(), OptionalDouble.empty(),
                    TIMEOUT.toNanos()));
            w.misses()[0] = 0;
            w.replica().readmit((System.nanoTime() - start) / 1e6);
        } catch (RemoteCallException e) {
            // still out: the next round tries again
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
