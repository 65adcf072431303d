package org.mdinference.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.mdinference.client.DeviceModel;
import org.mdinference.client.RequestOptions;
import org.mdinference.netem.Shaping;
import org.mdinference.sim.network.NetworkSpecs;
import org.mdinference.traces.TraceLinks;

/**
 * Runs a demo against a server that is up: per network, each device is given its own offset into the trace; then for
 * every policy at every SLA the devices start afresh at those offsets, warm up, and classify the same images in the
 * same order, side by side. A cell thus differs from another of its network only in its policy and SLA: the same
 * images, the same stretch of the trace, clients that learnt nothing before it (what a paired comparison needs).
 * With the gate in both arms, each policy and SLA runs twice so, without the gate and then with it: the two cells
 * differ in the gate alone.
 *
 * <p>The warm-up ({@value #WARM_UP_REQUESTS} unrecorded requests per device, at the largest SLA) stands for an app
 * that has been running: its connection is open, its code compiled, and its link estimate has heard from the
 * server. Without it the first requests of a cell measure the JVM and a cold connection, not the system.
 */
public final class DemoRun {

    static final int WARM_UP_REQUESTS = 3;

    private final DemoSettings settings;
    private final InetSocketAddress server;
    private final String zoo;
    private final DeviceModel deviceModel;
    private final DemoImages images;

    /**
     * @param server      the server's address (the proxies connect to it)
     * @param zoo         the zoo's name on the server
     * @param deviceModel the model every device runs; thread-safe, as one per phone would be
     */
    public DemoRun(DemoSettings settings, InetSocketAddress server, String zoo, DeviceModel deviceModel, DemoImages images) {
        this.settings = settings;
        this.server = server;
        this.zoo = zoo;
        this.deviceModel = deviceModel;
        this.images = images;
    }

    /** Runs every cell; tells {@code done} of each row as it is measured. */
    public List<DemoRow> run(Consumer<DemoRow> done) throws IOException, InterruptedException {
        List<DemoRow> rows = new ArrayList<>();
        ExecutorService phones = Executors.newFixedThreadPool(settings.devices(), runnable -> {
            Thread thread = new Thread(runnable, "mdi-demo-device");
            thread.setDaemon(true);
            return thread;
        });
        try {
            SplittableRandom offsets = new SplittableRandom(settings.seed());
            for (String network : settings.networks()) {
                TraceLinks links = NetworkSpecs.links(network, settings.uplinkScale());
                List<Shaping> shapings = new ArrayList<>();
                for (int d = 0; d < settings.devices(); d++) {
                    shapings.add(new Shaping(links, settings.baseRttMs(),
                            offsets.nextDouble(links.uplink().periodMs())));
                }
                for (String policy : settings.policies()) {
                    for (double sla : settings.slasMs()) {
                        for (boolean gate : settings.gateArms()) {
                            DemoRow row = freshCell(phones, shapings, links.name(), policy, gate, sla);
                            rows.add(row);
                            done.accept(row);
                        }
                    }
                }
            }
        } finally {
            phones.shutdownNow();
        }
        return rows;
    }

    /**
     * One cell on devices of its own: fresh proxies at the network's offsets, so that each cell replays the same
     * stretch of the trace from the same point, and fresh clients, so that no cell inherits what an earlier one
     * taught a device's link estimate. Then two cells differ only in what they are run with.
     */
    private DemoRow freshCell(ExecutorService phones, List<Shaping> shapings, String network, String policy,
                              boolean gate, double slaMs) throws IOException, InterruptedException {
        List<EmulatedDevice> devices = new ArrayList<>();
        try {
            for (Shaping shaping : shapings) {
                devices.add(EmulatedDevice.start(shaping, server, zoo, deviceModel));
            }
            warmUp(phones, devices, policy);
            return cell(phones, devices, network, policy, gate, slaMs);
        } finally {
            devices.forEach(EmulatedDevice::close);
        }
    }

    /** Without the gate in either arm: a gated warm-up might send nothing, and its link estimate learn nothing. */
    private void warmUp(ExecutorService phones, List<EmulatedDevice> devices, String policy)
            throws InterruptedException {
        double sla = settings.slasMs().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        List<Integer> first = IntStream.range(0, Math.min(WARM_UP_REQUESTS, images.size())).boxed().toList();
        RequestOptions options = RequestOptions.DEFAULT.withPolicy(policy);
        gather(devices.stream().map(device -> phones.submit(() -> device.classify(-1, images, first, sla,
                options))).toList());
    }

    private DemoRow cell(ExecutorService phones, List<EmulatedDevice> devices, String network, String policy,
                         boolean gate, double slaMs) throws InterruptedException {
        RequestOptions ungated = RequestOptions.DEFAULT.withPolicy(policy);
        RequestOptions options = gate ? ungated.withGateMaxLoss(settings.gateMaxLoss()) : ungated;
        long sentBefore = devices.stream().mapToLong(EmulatedDevice::bytesSent).sum();
        long callsBefore = devices.stream().mapToLong(EmulatedDevice::cloudRequests).sum();
        List<Future<List<RequestRecord>>> running = new ArrayList<>();
        for (int d = 0; d < devices.size(); d++) {
            EmulatedDevice device = devices.get(d);
            int index = d;
            List<Integer> slice = images.slice(d, devices.size());
            running.add(phones.submit(() -> device.classify(index, images, slice, slaMs, options)));
        }
        List<RequestRecord> records = gather(running);
        long sent = devices.stream().mapToLong(EmulatedDevice::bytesSent).sum() - sentBefore;
        long calls = devices.stream().mapToLong(EmulatedDevice::cloudRequests).sum() - callsBefore;
        return CellTally.of(network, policy, gate, slaMs, records, sent, calls);
    }

    private static List<RequestRecord> gather(List<Future<List<RequestRecord>>> running) throws InterruptedException {
        List<RequestRecord> records = new ArrayList<>();
        for (Future<List<RequestRecord>> device : running) {
            try {
                records.addAll(device.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("an emulated device failed: " + e.getCause(), e.getCause());
            }
        }
        return records;
    }
}
