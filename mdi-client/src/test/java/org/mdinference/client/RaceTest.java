package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The deadline rule of one request, played event by event with exact times (ms after the request started). */
class RaceTest {

    private static final double SLA = 100;
    private static final Prediction DEVICE = Prediction.of(new float[] {0, 5, 1});
    private final Race race = new Race(() -> 0, 0, SLA, new Transfer());

    private static InferReply served(int label) {
        float[] logits = new float[3];
        logits[label] = 4;
        return reply("{\"model_name\":\"fashion\",\"parameters\":{\"model\":\"lenet5\",\"outcome\":\"served\","
                + "\"budget_ms\":90.5,\"server_ms\":3.0},\"outputs\":[{\"name\":\"logits\",\"datatype\":\"FP32\","
                + "\"shape\":[1,3],\"data\":[" + logits[0] + "," + logits[1] + "," + logits[2] + "]}]}");
    }

    private static InferReply noModelFits() {
        return reply("{\"model_name\":\"fashion\",\"parameters\":{\"model\":null,\"outcome\":\"no_model_fits\","
                + "\"budget_ms\":2.5},\"outputs\":[]}");
    }

    private static InferReply reply(String json) {
        try {
            return InferReply.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Classification answered(CompletableFuture<Classification> answer) throws Exception {
        assertThat(answer).isDone();
        return answer.get();
    }

    @Test
    void theCloudsAnswerInTimeIsTheAnswerAsSoonAsItArrives() throws Exception {
        race.deviceAnswered(2, DEVICE);
        race.told(10, 5);
        race.cloudReplied(40, served(0));

        Classification answer = answered(race.answer());
        assertThat(answer.source()).isEqualTo(Classification.Source.CLOUD);
        assertThat(answer.label()).isZero();
        assertThat(answer.latencyMs()).isEqualTo(40.0);
        assertThat(answer.cloudModel()).hasValue("lenet5");
        assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.SERVED);
        assertThat(answer.cloud().budgetMs()).hasValue(90.5);
        assertThat(answer.cloud().replyMs()).hasValue(40.0);
        assertThat(answer.cloud().elapsedMs()).isEqualTo(10.0);
        assertThat(answer.cloud().returnMs()).isEqualTo(5.0);
    }

    @Test
    void withoutTheCloudTheDevicesAnswerComesAtTheDeadlineAndNotBefore() throws Exception {
        race.deviceAnswered(2, DEVICE);
        assertThat(race.answer()).isNotDone();
        race.deadline(100.4);

        Classification answer = answered(race.answer());
        assertThat(answer.source()).isEqualTo(Classification.Source.DEVICE);
        assertThat(answer.label()).isEqualTo(1);
        assertThat(answer.latencyMs()).isEqualTo(100.4);
        assertThat(answer.cloudModel()).isEmpty();
        assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.LATE);
        assertThat(answer.cloud().model()).isEmpty();
    }

    @Test
    void aCloudReplyAfterTheDeadlineIsLateEvenWhenItBeatsTheTimer() throws Exception {
        race.deviceAnswered(2, DEVICE);
        race.cloudReplied(100.2, served(0));

        Classification answer = answered(race.answer());
        assertThat(answer.source()).isEqualTo(Classification.Source.DEVICE);
        assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.LATE);
        assertThat(answer.cloud().model()).hasValue("lenet5");
        assertThat(answer.cloudModel()).isEmpty();
    }

    @Test
    void aFailedCloudMakesTheDevicesAnswerTheAnswerAtOnce() throws Exception {
        race.deviceAnswered(2, DEVICE);
        race.cloudFailed(7, CloudOutcome.Status.FAILED, "ConnectException: refused");

        Classification answer = answered(race.answer());
        assertThat(answer.source()).isEqualTo(Classification.Source.DEVICE);
        assertThat(answer.latencyMs()).isEqualTo(7.0);
        assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.FAILED);
        assertThat(answer.cloud().reason()).hasValue("ConnectException: refused");
    }

    @Test
    void aFailedCloudMakesTheDevicesAnswerTheAnswerAsSoonAsItIsReady() throws Exception {
        race.cloudFailed(1, CloudOutcome.Status.SKIPPED, "no time");
        assertThat(race.answer()).isNotDone();
        race.deviceAnswered(3, DEVICE);

        Classification answer = answered(race.answer());
        assertThat(answer.latencyMs()).isEqualTo(3.0);
        assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.SKIPPED);
    }

    @Test
    void aGatedAnswerIsTheDevicesAtOnceAndSaysWhy() throws Exception {
        race.gated(2.5, DEVICE, 0.9);

        Classification answer = answered(race.answer());
        assertThat(answer.source()).isEqualTo(Classification.Source.DEVICE);
        assertThat(answer.label()).isEqualTo(1);
        assertThat(answer.latencyMs()).isEqualTo(2.5);
        assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.GATED);
        assertThat(answer.cloud().reason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("confidence " + String.format(java.util.Locale.ROOT, "%.6f", DEVICE.confidence()))
                .contains("threshold 0.900000"));
        assertThat(answer.cloud().bytesSent()).isZero();
    }

    @Test
    void aGatedAnswerPastTheDeadlineComesAsSoonAsTheDeviceDoes() throws Exception {
        race.deadline(SLA);
        assertThat(race.answer()).isNotDone();
        race.gated(130, DEVICE, 0.9);

        assertThat(answered(race.answer()).latencyMs()).isEqualTo(130.0);
    }

    @Test
    void anEventThatReachesTheRaceLateDoesNotHoldTheAnswerBack() throws Exception {
        // the cloud call is skipped at 0.05 ms, but that thread reaches the race after the device's answer at 0.5
        race.deviceAnswered(0.5, DEVICE);
        race.cloudFailed(0.05, CloudOutcome.Status.SKIPPED, "no time");

        Classification answer = answered(race.answer());
        assertThat(answer.source()).isEqualTo(Classification.Source.DEVICE);
        assertThat(answer.latencyMs()).isEqualTo(0.5);
    }

    @Test
    void noModelFitsIsNoReasonToWaitForTheDeadline() throws Exception {
        race.cloudReplied(4, noModelFits());
        race.deviceAnswered(6, DEVICE);

        Classification answer = answered(race.answer());
        assertThat(answer.source()).isEqualTo(Classification.Source.DEVICE);
        assertThat(answer.latencyMs()).isEqualTo(6.0);
        assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.NO_MODEL_FITS);
        assertThat(answer.cloud().budgetMs()).hasValue(2.5);
    }

    @Test
    void aDeviceSlowerThanTheSlaLosesToALateCloud() throws Exception {
        race.deadline(100);
        assertThat(race.answer()).isNotDone();
        race.cloudReplied(130, served(2));
        race.deviceAnswered(150, DEVICE);

        Classification answer = answered(race.answer());
        assertThat(answer.source()).isEqualTo(Classification.Source.CLOUD);
        assertThat(answer.latencyMs()).isEqualTo(130.0);
        assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.LATE);
        assertThat(answer.cloudModel()).hasValue("lenet5");
    }

    @Test
    void aDeviceSlowerThanTheSlaAnswersWhenItIsReadyIfTheCloudIsSlowerStill() throws Exception {
        race.deadline(100);
        race.deviceAnswered(120, DEVICE);

        Classification answer = answered(race.answer());
        assertThat(answer.source()).isEqualTo(Classification.Source.DEVICE);
        assertThat(answer.latencyMs()).isEqualTo(120.0);
    }

    @Test
    void aFailedDeviceLeavesTheCloudsAnswerInTime() throws Exception {
        race.deviceFailed(1, new IllegalStateException("engine"));
        race.cloudReplied(50, served(0));

        assertThat(answered(race.answer()).source()).isEqualTo(Classification.Source.CLOUD);
    }

    @Test
    void aFailedDeviceAndNoCloudAnswerFailTheRequestAtTheDeadline() {
        IllegalStateException engine = new IllegalStateException("engine broke");
        race.deviceFailed(1, engine);
        assertThat(race.answer()).isNotDone();
        race.deadline(100.1);

        assertThat(race.answer()).isCompletedExceptionally();
        assertThat(race.answer()).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(NoAnswerException.class).withCause(engine)
                .withMessageContaining("device model failed").withMessageContaining("engine broke")
                .withMessageContaining("late");
    }

    @Test
    void aFailedDeviceAndAFailedCloudFailTheRequestAtOnce() {
        race.deviceFailed(1, new IllegalStateException("engine"));
        race.cloudFailed(2, CloudOutcome.Status.FAILED, "HTTP 503: warming up");

        assertThat(race.answer()).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(NoAnswerException.class).withMessageContaining("HTTP 503: warming up");
    }

    @Test
    void theFirstDecisionStands() throws Exception {
        race.deviceAnswered(2, DEVICE);
        race.deadline(100);
        race.cloudReplied(101, served(0));
        race.abandon("closed");

        Classification answer = answered(race.answer());
        assertThat(answer.source()).isEqualTo(Classification.Source.DEVICE);
        assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.LATE);
    }

    @Test
    void abandoningFailsAnOpenRequest() {
        race.abandon("the client was closed");
        assertThat(race.answer()).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(NoAnswerException.class).withMessage("the client was closed");
    }

    @Test
    void theAnswersBytesAreThoseCountedWhenItIsGiven() throws Exception {
        Transfer transfer = new Transfer();
        Race counted = new Race(() -> 0, 0, SLA, transfer);
        transfer.sent(700);
        transfer.received(300);
        counted.cloudReplied(20, served(0));
        transfer.received(50);

        CloudOutcome cloud = answered(counted.answer()).cloud();
        assertThat(cloud.bytesSent()).isEqualTo(700);
        assertThat(cloud.bytesReceived()).isEqualTo(300);
    }
}
