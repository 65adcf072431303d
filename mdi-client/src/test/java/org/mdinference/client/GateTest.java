package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.client.onnx.OnnxDeviceModel;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.GateEntry;
import org.mdinference.onnx.ModelPredictions;
import org.mdinference.onnx.PerImageCsv;
import org.mdinference.onnx.ZooManifest;

/**
 * The device's confidence gate against the real server with the repository's zoo, the device model on ONNX Runtime
 * with the calibration its manifest carries, and real Fashion-MNIST test images.
 */
class GateTest {

    private static final double GENEROUS_SLA = 1000;
    /** The calibration's row for no loss, and for half a point, as the committed zoo.json has them. */
    private static final double NO_LOSS_THRESHOLD = 0.952811;
    private static final double HALF_POINT_THRESHOLD = 0.818531;

    private static ZooServer server;
    private static OnnxDeviceModel device;

    @BeforeAll
    static void start() throws Exception {
        server = new ZooServer();
        device = OnnxDeviceModel.fromZoo(Fashion.zoo());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        device.close();
    }

    /** On the test's clock, the device model on the caller's thread, its calls counted as the app's client sees them. */
    private static MdiClient client(DeviceModel model, ManualTime time, AtomicInteger calls) {
        OkHttpClient apps = new OkHttpClient.Builder().eventListener(new EventListener() {
            @Override
            public void callStart(Call call) {
                calls.incrementAndGet();
            }
        }).build();
        return MdiClient.builder().baseUrl(server.url).zoo(server.zoo()).deviceModel(model)
                .deviceExecutor(Runnable::run).clock(time).deadlineScheduler(time.scheduler()).okHttpClient(apps)
                .build();
    }

    private static Classification answer(CompletableFuture<Classification> request) throws Exception {
        return request.get(10, TimeUnit.SECONDS);
    }

    /** The first test image from {@code from} on whose device confidence is above (or, not above) a threshold. */
    private static int image(int from, double threshold, boolean above) throws Exception {
        for (int i = from; i < from + 1000; i++) {
            boolean confident = Prediction.of(device.logits(Fashion.png(i))).confidence() > threshold;
            if (confident == above) {
                return i;
            }
        }
        throw new AssertionError("no image " + (above ? "above " : "at or below ") + threshold);
    }

    @Test
    void aConfidentImageIsAnsweredByTheDeviceAtOnceAndNothingIsSent() throws Exception {
        int confident = image(0, NO_LOSS_THRESHOLD, true);
        AtomicInteger calls = new AtomicInteger();
        try (MdiClient client = client(device, new ManualTime(), calls)) {
            Classification answer = answer(client.classify(Fashion.png(confident), GENEROUS_SLA,
                    RequestOptions.DEFAULT.withGateMaxLoss(0)));

            assertThat(answer.source()).as("%s", answer).isEqualTo(Classification.Source.DEVICE);
            assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.GATED);
            assertThat(answer.cloud().reason()).hasValueSatisfying(reason -> assertThat(reason)
                    .contains("above the gate's threshold 0.952811").contains("nothing sent"));
            assertThat(answer.confidence()).isGreaterThan(NO_LOSS_THRESHOLD);
            assertThat(answer.latencyMs()).as("the clock stands still: answered without waiting").isZero();
            assertThat(answer.cloud().bytesSent()).isZero();
            assertThat(answer.cloud().bytesReceived()).isZero();
            assertThat(answer.cloud().model()).isEmpty();
            assertThat(calls).as("calls made").hasValue(0);

            // the same image without the gate goes to the cloud, as before
            Classification ungated = answer(client.classify(Fashion.png(confident), GENEROUS_SLA));
            assertThat(ungated.cloud().status()).as("%s", ungated).isEqualTo(CloudOutcome.Status.SERVED);
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void anUnsureImageGoesToTheCloudAsWithoutTheGate() throws Exception {
        int unsure = image(0, NO_LOSS_THRESHOLD, false);
        AtomicInteger calls = new AtomicInteger();
        try (MdiClient client = client(device, new ManualTime(), calls)) {
            Classification answer = answer(client.classify(Fashion.png(unsure), GENEROUS_SLA,
                    RequestOptions.DEFAULT.withGateMaxLoss(0)));

            assertThat(answer.source()).as("%s", answer).isEqualTo(Classification.Source.CLOUD);
            assertThat(answer.cloud().status()).isEqualTo(CloudOutcome.Status.SERVED);
            assertThat(answer.cloud().reason()).isEmpty();
            assertThat(answer.cloud().bytesSent()).isGreaterThan(ZooRequests.payloadBytes(Fashion.png(unsure)));
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void theImagesAnsweredOnTheDeviceAreThoseThePerImageTruthSaysAreAboveTheThreshold() throws Exception {
        Map<String, ModelPredictions> truth = PerImageCsv.read(Fashion.zoo().resolve("per_image.csv.gz"));
        double[] confidence = truth.get(device.name()).topProbability();
        AtomicInteger calls = new AtomicInteger();
        int images = 60;
        int gated = 0;
        // from the half the thresholds were measured on, never fit on
        int from = ZooManifest.read(Fashion.zoo()).onDevice().orElseThrow().gate().orElseThrow().measuredImages()
                .from();
        try (MdiClient client = client(device, new ManualTime(), calls)) {
            for (int i = from; i < from + images; i++) {
                Classification answer = answer(client.classify(Fashion.png(i), GENEROUS_SLA,
                        RequestOptions.DEFAULT.withGateMaxLoss(0.005)));
                boolean expected = confidence[i] > HALF_POINT_THRESHOLD;
                assertThat(answer.cloud().status()).as("image %d, p_top %.6f: %s", i, confidence[i], answer)
                        .isEqualTo(expected ? CloudOutcome.Status.GATED : CloudOutcome.Status.SERVED);
                gated += expected ? 1 : 0;
            }
        }
        assertThat(calls).hasValue(images - gated);
        // the manifest measured 81 % on the device over the 5,000 images of this half
        assertThat(gated).isBetween(images / 2, images);
    }

    @Test
    void theThresholdOfATargetIsTheCalibrationsRow() {
        AtomicInteger calls = new AtomicInteger();
        try (MdiClient client = client(device, new ManualTime(), calls)) {
            assertThat(client.gateThreshold(RequestOptions.DEFAULT)).isEmpty();
            assertThat(client.gateThreshold(RequestOptions.DEFAULT.withGateMaxLoss(0))).hasValue(NO_LOSS_THRESHOLD);
            // the largest loss calibrated not above the target: 0.4 points for 0.45
            assertThat(client.gateThreshold(RequestOptions.DEFAULT.withGateMaxLoss(0.0045))).hasValue(0.834545);
            assertThat(client.gateThreshold(RequestOptions.DEFAULT.withGateMaxLoss(0.005)))
                    .hasValue(HALF_POINT_THRESHOLD);
            assertThat(client.gateThreshold(RequestOptions.DEFAULT.withGateMaxLoss(1))).hasValue(0.571095);
            // at most a fifth sent: the least lossy row that sent 18.9 % of the measured images
            assertThat(client.gateThreshold(RequestOptions.DEFAULT.withGateOffloadShare(0.2)))
                    .hasValue(HALF_POINT_THRESHOLD);
            assertThat(client.gateThreshold(RequestOptions.DEFAULT.withGateOffloadShare(1)))
                    .hasValue(NO_LOSS_THRESHOLD);
            assertThatThrownBy(() -> client.gateThreshold(RequestOptions.DEFAULT.withGateOffloadShare(0.05)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("send at least 0.0614");
            assertThatThrownBy(() -> client.classify(Fashion.png(0), GENEROUS_SLA,
                    RequestOptions.DEFAULT.withGateOffloadShare(0.05))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(calls).hasValue(0);

        // every row of the manifest, exactly as the SDK has it
        GateEntry manifest = ZooManifest.read(Fashion.zoo()).onDevice().orElseThrow().gate().orElseThrow();
        GateThresholds sdk = device.gateThresholds().orElseThrow();
        assertThat(sdk.size()).isEqualTo(manifest.table().rows().size());
        for (int row = 0; row < sdk.size(); row++) {
            assertThat(sdk.maxLoss(row)).isEqualTo(manifest.table().rows().get(row).maxLoss());
            assertThat(sdk.threshold(row)).isEqualTo(manifest.table().rows().get(row).threshold());
            assertThat(sdk.onDeviceShare(row)).isEqualTo(manifest.table().rows().get(row).onDeviceShare());
        }
    }

    @Test
    void aManifestWithoutCalibrationLoadsAndTheGateThenRefusesToTurnOn(@TempDir Path dir) throws Exception {
        Path zoo = Committed.zooCopy(dir.resolve("zoo"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(zoo.resolve("zoo.json").toFile());
        manifest.get("models").forEach(model -> ((ObjectNode) model).remove("gate"));
        Files.writeString(zoo.resolve("zoo.json"), json.writeValueAsString(manifest));

        AtomicInteger calls = new AtomicInteger();
        try (OnnxDeviceModel uncalibrated = OnnxDeviceModel.fromZoo(zoo);
             MdiClient client = client(uncalibrated, new ManualTime(), calls)) {
            assertThat(uncalibrated.gateThresholds()).isEmpty();
            assertThatThrownBy(() -> client.classify(Fashion.png(0), GENEROUS_SLA,
                    RequestOptions.DEFAULT.withGateMaxLoss(0.005))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the confidence gate needs the device model's calibration")
                    .hasMessageContaining(uncalibrated.name() + " has none")
                    .hasMessageContaining("mdi zoo calibrate");
            assertThat(calls).as("a refused request sends nothing").hasValue(0);

            // without the gate, the model serves as before
            Classification answer = answer(client.classify(Fashion.png(0), GENEROUS_SLA));
            assertThat(answer.cloud().status()).as("%s", answer).isEqualTo(CloudOutcome.Status.SERVED);
        }
    }

    @Test
    void whenTheGatedDeviceModelFailsTheCloudIsAskedAllTheSame() throws Exception {
        DeviceModel failing = new DeviceModel() {
            @Override
            public String name() {
                return device.name();
            }

            @Override
            public float[] logits(ClientInput input) {
                throw new IllegalStateException("the engine is gone");
            }

            @Override
            public java.util.Optional<GateThresholds> gateThresholds() {
                return device.gateThresholds();
            }
        };
        AtomicInteger calls = new AtomicInteger();
        try (MdiClient client = client(failing, new ManualTime(), calls)) {
            Classification answer = answer(client.classify(Fashion.png(0), GENEROUS_SLA,
                    RequestOptions.DEFAULT.withGateMaxLoss(0.005)));
            assertThat(answer.source()).as("%s", answer).isEqualTo(Classification.Source.CLOUD);
            assertThat(calls).hasValue(1);
        }
    }
}
