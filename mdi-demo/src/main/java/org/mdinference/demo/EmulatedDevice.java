package org.mdinference.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.mdinference.client.Classification;
import org.mdinference.client.DeviceModel;
import org.mdinference.client.MdiClient;
import org.mdinference.client.RequestOptions;
import org.mdinference.netem.NetemProxy;
import org.mdinference.netem.Shaping;

/**
 * One phone of the demo: the real SDK, with the device model, talking to the server through its own trace-shaped
 * proxy. It classifies its images one after another, as an app does with the pictures a user takes.
 */
final class EmulatedDevice implements AutoCloseable {

    private final NetemProxy proxy;
    private final MdiClient client;
    private final AtomicLong inferCalls;

    private EmulatedDevice(NetemProxy proxy, MdiClient client, AtomicLong inferCalls) {
        this.proxy = proxy;
        this.client = client;
        this.inferCalls = inferCalls;
    }

    static EmulatedDevice start(Shaping shaping, InetSocketAddress server, String zoo, DeviceModel model)
            throws IOException {
        NetemProxy proxy = NetemProxy.start(shaping, 0, server);
        try {
            AtomicLong inferCalls = new AtomicLong();
            // counted where the calls start, not from what the SDK says of them: a gated request must make none
            OkHttpClient counting = new OkHttpClient.Builder().eventListener(new EventListener() {
                @Override
                public void callStart(Call call) {
                    if (call.request().url().encodedPath().endsWith("/infer")) {
                        inferCalls.incrementAndGet();
                    }
                }
            }).build();
            MdiClient client = MdiClient.builder().baseUrl("http://127.0.0.1:" + proxy.port()).zoo(zoo)
                    .deviceModel(model).deviceThreads(1).okHttpClient(counting).build();
            // as an app does once it has built its client (docs/android.md): else each phone's first request pays
            // for a connection and cold code, and the demo measures the JVM's start rather than the system. A
            // server that does not answer the warm-up is the cell's to show, so its failure is not the demo's
            client.warmUp().handle((ready, failure) -> null).join();
            return new EmulatedDevice(proxy, client, inferCalls);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }

    /**
     * Classifies images {@code picks} of {@code images} in turn, each within {@code slaMs}, under {@code options}
     * (the policy, and the gate when it is on).
     *
     * @param device this device's index, for the records
     */
    List<RequestRecord> classify(int device, DemoImages images, List<Integer> picks, double slaMs,
                                 RequestOptions options) throws InterruptedException {
        List<RequestRecord> records = new ArrayList<>(picks.size());
        for (int k : picks) {
            int request = records.size();
            long start = System.nanoTime();
            try {
                Classification answer = client.classify(images.input(k), slaMs, options).get();
                boolean onDevice = answer.source() == Classification.Source.DEVICE;
                records.add(new RequestRecord(device, request, k, images.label(k), Optional.of(answer.label()),
                        onDevice, answer.latencyMs(), onDevice ? Optional.empty() : answer.cloudModel(),
                        answer.cloud().status().name().toLowerCase(Locale.ROOT), answer.cloud().bytesSent()));
            } catch (ExecutionException e) {
                // neither side answered (the device model failed and the cloud did not make it): no answer at all
                records.add(new RequestRecord(device, request, k, images.label(k), Optional.empty(), false,
                        (System.nanoTime() - start) / 1e6, Optional.empty(), RequestRecord.NO_ANSWER, 0));
            }
        }
        return records;
    }

    /** Inference calls the device's SDK has started so far, warm-up included. */
    long cloudRequests() {
        return inferCalls.get();
    }

    /** Bytes the device has sent through its link so far, headers and payload alike. */
    long bytesSent() {
        return proxy.bytesUp();
    }

    @Override
    public void close() {
        client.close();
        proxy.close();
    }
}
