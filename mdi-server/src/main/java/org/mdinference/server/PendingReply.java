package org.mdinference.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mdinference.server.protocol.InferResponse;

/**
 * The reply to one request while its job waits in a queue. Whoever completes it first (the request's timeout, a
 * cancellation, the answer itself) cancels the job before the reply's own dependents run, so that by the time a
 * caller has its answer (a 504 written, say), its queue can no longer run the request for nobody.
 *
 * <p>The order is why this is a future of its own: a job cancelled by one more dependent of the reply would race
 * the dependent that writes the answer, and a queue freed in between would run the job after all. And the first
 * completion wins before the job is cancelled: the cancelled job's own failure, arriving while the reply is being
 * answered, must not become the answer.
 */
final class PendingReply extends CompletableFuture<InferResponse> {

    private final AtomicBoolean answered = new AtomicBoolean();
    private final CompletableFuture<Void> withdrawn = new CompletableFuture<>();

    /** Cancels the job once this reply is answered; at once when it is already. */
    void withdrawsOnAnswer(CompletableFuture<?> job) {
        withdrawn.whenComplete((done, failure) -> job.cancel(false));
    }

    /** Whether the reply has been, or is being, answered: whatever runs for the request from now on is wasted. */
    boolean answered() {
        return answered.get();
    }

    @Override
    public boolean complete(InferResponse value) {
        return withdraw() && super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        return withdraw() && super.completeExceptionally(failure);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return withdraw() && super.cancel(mayInterruptIfRunning);
    }

    /** The first answer cancels the job and goes on to complete the reply; later ones are ignored. */
    private boolean withdraw() {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        withdrawn.complete(null);
        return true;
    }

    /** Stages built on this reply are plain futures: only the reply itself withdraws the job. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
