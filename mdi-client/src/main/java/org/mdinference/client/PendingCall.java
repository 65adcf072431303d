package org.mdinference.client;

import java.util.Optional;

/**
 * A request's cloud call, which may be sent after its answer was given (a gated request sends it once its device
 * model has run, on a device thread): whichever of the two comes second tells the call it was answered without it,
 * so that it is told exactly once.
 */
final class PendingCall {

    private final Object lock = new Object();
    // guarded by lock
    private Optional<CloudCall> call = Optional.empty();
    private boolean answered;

    /** The call was sent, or (empty) skipped. */
    void sent(Optional<CloudCall> sent) {
        boolean tell;
        synchronized (lock) {
            call = sent;
            tell = answered;
        }
        if (tell && sent.isPresent()) {
            sent.get().answeredWithoutIt();
        }
    }

    /** The request was answered, by whichever side. */
    void answered() {
        Optional<CloudCall> known;
        synchronized (lock) {
            answered = true;
            known = call;
        }
        if (known.isPresent()) {
            known.get().answeredWithoutIt();
        }
    }
}
