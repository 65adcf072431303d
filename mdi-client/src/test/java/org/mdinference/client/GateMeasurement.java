package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mdinference.client.onnx.OnnxDeviceModel;

/**
 * What the gate saves through the real SDK, the real server and the real device model, on held-out test images,
 * each classified with and without the gate (paired): a measurement, not a unit test, so it runs only when asked:
 * {@code mvn -o -pl mdi-client -am verify -Dtest=GateMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgate.images=2000 [-Dgate.loss=0.005]}. The cloud always asks the zoo's most accurate member (static-accuracy,
 * the gate's reference) with an SLA no answer misses, so the figures are the gate's alone.
 */
@EnabledIfSystemProperty(named = "gate.images", matches = "\\d+")
class GateMeasurement {

    private static final double SLA = 10_000;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void gatedAgainstAlwaysOffloading() throws Exception {
        int images = Integer.parseInt(System.getProperty("gate.images"));
        double loss = Double.parseDouble(System.getProperty("gate.loss", "0.005"));
        AtomicInteger calls = new AtomicInteger();
        OkHttpClient apps = new OkHttpClient.Builder().eventListener(new EventListener() {
            @Override
            public void callStart(Call call) {
                calls.incrementAndGet();
            }
        }).build();
        RequestOptions offload = RequestOptions.DEFAULT.withPolicy("static-accuracy");
        RequestOptions gated = offload.withGateMaxLoss(loss);
        int from = 5000;
        int[] callsOf = new int[2];
        long[] bytesOf = new long[2];
        int[] rightOf = new int[2];
        int onlyGated = 0;
        int onlyOffload = 0;
        try (ZooServer server = new ZooServer();
             OnnxDeviceModel device = OnnxDeviceModel.fromZoo(Fashion.zoo());
             MdiClient client = MdiClient.builder().baseUrl(server.url).zoo(server.zoo()).deviceModel(device)
                     .deviceExecutor(Runnable::run).okHttpClient(apps).build()) {
            client.warmUp().get(10, TimeUnit.SECONDS);
            for (int i = from; i < from + images; i++) {
                boolean[] right = new boolean[2];
                for (int g = 0; g < 2; g++) {
                    int before = calls.get();
                    Classification answer = client.classify(Fashion.png(i), SLA, g == 0 ? offload : gated)
                            .get(60, TimeUnit.SECONDS);
                    callsOf[g] += calls.get() - before;
                    bytesOf[g] += answer.cloud().bytesSent();
                    right[g] = answer.label() == Fashion.label(i);
                    rightOf[g] += right[g] ? 1 : 0;
                }
                onlyOffload += right[0] && !right[1] ? 1 : 0;
                onlyGated += right[1] && !right[0] ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "gate at a loss of %.4f (threshold %.6f), images %d..%d:%n", loss,
                    client.gateThreshold(gated).getAsDouble(), from, from + images - 1);
        }
        System.out.printf(Locale.ROOT, "  always offloading: %d calls, %d bytes sent, accuracy %.2f %%%n", callsOf[0],
                bytesOf[0], 100.0 * rightOf[0] / images);
        System.out.printf(Locale.ROOT, "  gated:             %d calls, %d bytes sent, accuracy %.2f %%%n", callsOf[1],
                bytesOf[1], 100.0 * rightOf[1] / images);
        System.out.printf(Locale.ROOT, "  %.2fx fewer calls, %.2fx fewer bytes, %+.2f points; discordant: only"
                        + " offloading right %d, only gated right %d%n", (double) callsOf[0] / callsOf[1],
                (double) bytesOf[0] / bytesOf[1], 100.0 * (rightOf[1] - rightOf[0]) / images, onlyOffload,
                onlyGated);
        assertThat(callsOf[1]).isLessThan(callsOf[0]);
    }
}
