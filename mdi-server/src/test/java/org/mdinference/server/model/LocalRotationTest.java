package org.mdinference.server.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The rule by which a member run here leaves the choices and returns, on the test's clock: exact to the ns. */
class LocalRotationTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(5 * SECOND);
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final LocalRotation rotation = new LocalRotation("m", clock::get, new Recorder(log),
            Duration.ofSeconds(1), Duration.ofSeconds(3));

    private void fail() {
        rotation.failed(rotation.starting(), "boom");
    }

    private void succeed() {
        rotation.succeeded(rotation.starting());
    }

    @Test
    void aSuccessBetweenFailuresKeepsTheMemberIn() {
        fail();
        fail();
        succeed();
        fail();
        fail();

        assertThat(rotation.available()).isTrue();
        assertThat(rotation.outOfService()).isEmpty();
        assertThat(log).isEmpty();
    }

    @Test
    void threeFailuresInARowTakeItOutUntilItsBackOffThenOneTrialDecides() {
        fail();
        fail();
        fail();

        assertThat(rotation.available()).isFalse();
        assertThat(rotation.outOfService()).hasValueSatisfying(out -> {
            assertThat(out.reason()).isEqualTo("its last 3 runs failed in ONNX Runtime, the last: boom");
            assertThat(out.retryAfterSeconds()).isEqualTo(1);
        });
        assertThat(log).containsExactly("WARNING member m left the zoo's choices: its last 3 runs failed in ONNX"
                + " Runtime; a trial run in 1.0 s; the last failure: boom");
        // a batch queued before it left, failing now, moves nothing
        fail();
        clock.addAndGet(SECOND - 1);
        assertThat(rotation.available()).isFalse();
        clock.addAndGet(1);
        assertThat(rotation.available()).isTrue();

        boolean trial = rotation.starting();
        assertThat(trial).isTrue();
        assertThat(rotation.available()).as("while its trial runs").isFalse();
        assertThat(rotation.starting()).as("a second batch meanwhile is no trial").isFalse();
        rotation.succeeded(true);

        assertThat(rotation.available()).isTrue();
        assertThat(log).last().isEqualTo("INFO member m is back in the zoo's choices: its trial run succeeded");
    }

    @Test
    void eachFailedTrialDoublesTheBackOffUpToItsMaximumAndASuccessResetsIt() {
        fail();
        fail();
        fail();
        long[] expected = {2, 3, 3};
        for (long seconds : expected) {
            clock.addAndGet(rotation.outOfService().orElseThrow().retryAfterSeconds() * SECOND);
            fail();
            assertThat(rotation.outOfService().orElseThrow().retryAfterSeconds()).isEqualTo((int) seconds);
            assertThat(log).last().asString().startsWith("WARNING member m failed its trial run and stays out of"
                    + " the zoo's choices for " + seconds + ".0 s");
        }
        clock.addAndGet(3 * SECOND);
        succeed();
        fail();
        fail();
        fail();
        assertThat(rotation.outOfService().orElseThrow().retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void aTrialThatNeverReachedTheRuntimeLeavesTheNextBatchToBeTheTrial() {
        fail();
        fail();
        fail();
        clock.addAndGet(SECOND);
        assertThat(rotation.starting()).isTrue();
        rotation.trialAbandoned();

        assertThat(rotation.available()).isTrue();
        assertThat(rotation.starting()).isTrue();
    }

    /** A logger that keeps each line as "LEVEL message". */
    private record Recorder(List<String> lines) implements System.Logger {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            lines.add(level + " " + message);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }

        @Override
        public void log(Level level, Supplier<String> message) {
            lines.add(level + " " + message.get());
        }
    }
}
