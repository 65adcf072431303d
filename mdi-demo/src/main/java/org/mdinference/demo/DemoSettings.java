package org.mdinference.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a demo runs: every policy at every SLA on every network (with and without the device's confidence gate, as
 * asked), each cell the same images spread over the devices.
 *
 * @param networks    trace files (or {@code trace:PATH[@MBps]} specs), one emulated network each
 * @param policies    the server's policies to compare, by name
 * @param slasMs      the end-to-end latency targets
 * @param devices     emulated devices, each with its own proxy (at its own offset into the trace) and SDK client
 * @param images      labelled test images per cell, the same ones for every policy and SLA of a network
 * @param baseRttMs   round-trip time every proxy adds on top of its trace's transfer times
 * @param uplinkScale the uplink's share of the (downlink) trace's throughput
 * @param payload     what a device sends: the PNG an app would, or the model's float tensor
 * @param seed        picks the images and each device's offset into the trace
 * @param gate        whether the devices run with the confidence gate, without it, or both (each cell twice, paired)
 * @param gateMaxLoss the gate's target when it is on: accuracy allowed to be lost against always offloading, a
 *                    fraction ({@code RequestOptions.withGateMaxLoss})
 */
public record DemoSettings(List<String> networks, List<String> policies, List<Double> slasMs, int devices, int images,
                           double baseRttMs, double uplinkScale, Payload payload, long seed, Gate gate,
                           double gateMaxLoss) {

    /** Which arms of the device's confidence gate a demo runs. */
    public enum Gate {
        /** every request asks the cloud, as without the gate (the default) */
        OFF,
        /** the device answers alone when its model is confident enough, sending nothing */
        ON,
        /** every cell twice, on the same images in the same order: without the gate, then with it */
        BOTH
    }

    /** What a device puts on the wire. */
    public enum Payload {
        /** the image as an app sends it: a PNG of a few hundred bytes */
        PNG,
        /** the model's input as 784 little-endian floats (3 KB): heavier, so the trace's throughput shows more */
        TENSOR
    }

    /** A request answered this long after its SLA still counts as within it: the deadline timer's own jitter. */
    public static final double GRACE_MS = 5;

    public DemoSettings {
        networks = List.copyOf(networks);
        policies = List.copyOf(policies);
        slasMs = List.copyOf(slasMs);
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(gate, "gate");
        if (!(gateMaxLoss >= 0 && gateMaxLoss <= 1)) {
            throw new IllegalArgumentException("the gate's loss allowed must be a fraction in [0, 1], got "
                    + gateMaxLoss);
        }
        if (networks.isEmpty() || policies.isEmpty() || slasMs.isEmpty()) {
            throw new IllegalArgumentException("a demo needs at least one network, one policy and one SLA");
        }
        for (double sla : slasMs) {
            if (!(sla > 0) || !Double.isFinite(sla)) {
                throw new IllegalArgumentException("an SLA must be a positive number of ms, got " + sla);
            }
        }
        if (devices < 1) {
            throw new IllegalArgumentException("a demo needs at least one device, got " + devices);
        }
        if (images < devices) {
            throw new IllegalArgumentException("each device needs at least one image: " + images + " images for "
                    + devices + " devices");
        }
        if (!(baseRttMs >= 0) || !Double.isFinite(baseRttMs)) {
            throw new IllegalArgumentException("the base RTT must be a non-negative number of ms, got " + baseRttMs);
        }
        if (!(uplinkScale > 0) || !Double.isFinite(uplinkScale)) {
            throw new IllegalArgumentException("the uplink scale must be a positive number, got " + uplinkScale);
        }
    }

    /** A demo without the gate, as before it existed. */
    public DemoSettings(List<String> networks, List<String> policies, List<Double> slasMs, int devices, int images,
                        double baseRttMs, double uplinkScale, Payload payload, long seed) {
        this(networks, policies, slasMs, devices, images, baseRttMs, uplinkScale, payload, seed, Gate.OFF, 0);
    }

    /** The arms each cell runs in, in this order: {@code false} without the gate, {@code true} with it. */
    public List<Boolean> gateArms() {
        return switch (gate) {
            case OFF -> List.of(false);
            case ON -> List.of(true);
            case BOTH -> List.of(false, true);
        };
    }

    /** Whether any cell runs with the gate, so that the images must be ones its thresholds were not fit on. */
    public boolean gated() {
        return gate != Gate.OFF;
    }

    /** The traces bundled with the repository under {@code data/traces}: 3G on a bus, fixed broadband, 5G walking. */
    public static List<String> bundledNetworks(Path root) {
        Path traces = root.resolve("data/traces");
        return List.of(traces.resolve("norway_3g_bus_11").toString(), traces.resolve("fcc_broadband_10322").toString(),
                traces.resolve("5gophers_walking").toString());
    }

    /** Requests a whole run makes. */
    public long requests() {
        return (long) networks.size() * policies.size() * slasMs.size() * gateArms().size() * images;
    }
}
