package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mdinference.protocol.ReplyParameters;
import org.mdinference.server.protocol.InferResponse;

class PendingReplyTest {

    /** Whether the job was cancelled by the time the reply's own dependents ran, for one way of answering. */
    private static boolean jobCancelledBeforeTheAnswerIsSeen(Consumer<PendingReply> answer) {
        PendingReply reply = new PendingReply();
        CompletableFuture<Object> job = new CompletableFuture<>();
        reply.withdrawsOnAnswer(job);
        CompletableFuture<Boolean> seen = reply.handle((response, failure) -> job.isCancelled());
        answer.accept(reply);
        return seen.join();
    }

    @Test
    void aTimeoutACancellationOrAnAnswerCancelTheJobBeforeTheReplysDependentsRun() {
        assertThat(jobCancelledBeforeTheAnswerIsSeen(reply -> reply.completeExceptionally(new TimeoutException())))
                .isTrue();
        assertThat(jobCancelledBeforeTheAnswerIsSeen(reply -> reply.cancel(false))).isTrue();
        assertThat(jobCancelledBeforeTheAnswerIsSeen(reply -> reply.complete(
                new InferResponse("m", Optional.empty(), ReplyParameters.NONE, List.of())))).isTrue();
    }

    @Test
    void theRequestTimeoutAsTheHttpLayerSetsItWithdrawsTheJobFirst() {
        PendingReply reply = new PendingReply();
        CompletableFuture<Object> job = new CompletableFuture<>();
        reply.withdrawsOnAnswer(job);
        CompletableFuture<Boolean> seen = reply.orTimeout(1, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> failure instanceof TimeoutException && job.isCancelled());
        assertThat(seen.join()).isTrue();
    }

    @Test
    void aJobQueuedAfterTheReplyIsDoneIsCancelledAtOnce() {
        PendingReply reply = new PendingReply();
        reply.cancel(false);
        CompletableFuture<Object> late = new CompletableFuture<>();
        reply.withdrawsOnAnswer(late);
        assertThat(late).isCancelled();
    }

    @Test
    void theCancelledJobsOwnFailureDoesNotBecomeTheAnswer() {
        PendingReply reply = new PendingReply();
        CompletableFuture<Object> job = new CompletableFuture<>();
        reply.withdrawsOnAnswer(job);
        // as the service forwards its job's outcome to the reply
        job.whenComplete((served, failure) -> reply.completeExceptionally(failure));
        reply.completeExceptionally(new TimeoutException());
        assertThat(job).isCancelled();
        assertThat(reply.handle((response, failure) -> failure).join()).isInstanceOf(TimeoutException.class);
        assertThat(reply.answered()).isTrue();
    }
}
