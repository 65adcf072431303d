package org.mdinference.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.mdinference.client.onnx.OnnxDeviceModel;
import org.mdinference.core.Policies;
import org.mdinference.demo.DemoImages;
import org.mdinference.demo.DemoReport;
import org.mdinference.demo.DemoResultsCsv;
import org.mdinference.demo.DemoRow;
import org.mdinference.demo.DemoRun;
import org.mdinference.demo.DemoSettings;
import org.mdinference.demo.DemoTable;
import org.mdinference.demo.GateComparison;
import org.mdinference.demo.GateComparisonTable;
import org.mdinference.demo.GateCsv;
import org.mdinference.demo.PairedComparison;
import org.mdinference.demo.PairedCsv;
import org.mdinference.demo.PairedTable;
import org.mdinference.demo.RequestsCsv;
import org.mdinference.onnx.GateEntry;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.onnx.ImagePreprocessor;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.model.ZooLoader;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.model.ServedZoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {
            "The whole system on this machine: starts the server with the zoo on a loopback port, and emulated"
                    + " devices, each the real SDK with the zoo's on-device model, behind its own proxy shaped by a"
                    + " real network trace (as mdi netem does it). For every network, policy and SLA, the devices"
                    + " classify the same labelled Fashion-MNIST test images side by side; each request races the"
                    + " cloud against the device's own model and takes the cloud's answer only when it beats the"
                    + " deadline.",
            "Prints, per network, policy and SLA, what the devices measured: accuracy against the true labels, SLA"
                    + " attainment (answered within the SLA plus 5 ms of timer jitter), on-device reliance, p50 and p99"
                    + " latency, and the bytes sent. Then each policy against the baseline (--baseline, the paper's"
                    + " rule mdinference by default) image by image: images both got right, only one, neither; the"
                    + " accuracy difference with its 95 %% interval; McNemar's exact p. With --out DIR, also writes"
                    + " DIR/results.csv, DIR/paired.csv, DIR/requests.csv (every request, with the image that pairs"
                    + " it) and DIR/report.html.",
            "With --gate both, every cell runs twice on the same images in the same order: without the device's"
                    + " confidence gate and with it (the device answers alone, sending nothing, when its model's top"
                    + " softmax probability is above the threshold its zoo calibrated for --gate-loss). The images are"
                    + " then drawn only from the test images the thresholds were not fit on (the calibration's"
                    + " measured half, 5000..9999 for the bundled zoo; the thresholds were fit on 0..4999), and the"
                    + " gate on is compared with the gate off per cell and pooled: cloud requests and bytes sent,"
                    + " how many times fewer, the accuracy difference with its 95 %% interval, McNemar's exact p"
                    + " (also DIR/gate.csv). results.csv's gate column says which arm a row is (on, off), its"
                    + " cloud_requests column the inference calls the devices started.",
            ""},
        footer = {"",
            "The defaults (3 networks x 6 policies x 3 SLAs, 60 images over 4 devices) take about two minutes, but 60"
                    + " images measure accuracy only to about 4 points. Go bigger with more images and devices (400"
                    + " over 8 took 6 minutes on 2 cores and measures to about 1.5 points), more SLAs, or your own"
                    + " traces:",
            "  mdi demo --out out/demo",
            "  mdi demo --images 400 --devices 8 --sla-ms 50,70,100,150,200 --out out/demo-big",
            "  mdi demo --network ../shared/traces/pensieve_norway_hsdpa_3g/norway_bus_1 --uplink-scale 0.25"
                    + " --payload tensor --policy mdinference,static-accuracy",
            "To tell two policies apart by a point of accuracy takes thousands of images, paired (2,000 over 8"
                    + " devices, two policies, 3 networks x 3 SLAs: 6 minutes on 2 cores, see the README):",
            "  mdi demo --policy mdinference,expected-accuracy --images 2000 --devices 8 --out out/demo-paired",
            "What the confidence gate saves, and what it costs, on 2,000 held-out images (5 to 8 minutes on 2"
                    + " cores, see the README):",
            "  mdi demo --gate both --policy mdinference --images 2000 --devices 8 --out out/demo-gate"})
final class DemoCommand implements Callable<Integer> {

    private static final Duration WARM_UP_TIMEOUT = Duration.ofMinutes(5);

    @Spec
    CommandSpec spec;

    @Mixin
    ZooCommand.ZooFolder zoo;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/fashion-mnist",
            description = "The labelled test split (t10k-images/labels IDX files) (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--network", split = ",", paramLabel = "TRACE",
            description = "Trace files (or trace:PATH[@MBps]) to emulate, one network each (default: the three under"
                    + " data/traces: 3G on a bus, US fixed broadband, 5G walking).")
    List<String> networks;

    @Option(names = "--policy", split = ",", paramLabel = "NAME", defaultValue = "all",
            description = "The server's policies to compare: ${COMPLETION-CANDIDATES} or all"
                    + " (default: ${DEFAULT-VALUE}).",
            completionCandidates = ServeCommand.PolicyNames.class)
    List<String> policies;

    @Option(names = "--sla-ms", split = ",", paramLabel = "MS", defaultValue = "70,100,150",
            description = "End-to-end latency targets (default: ${DEFAULT-VALUE}).")
    List<Double> slas;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "4",
            description = "Emulated devices, side by side (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--images", paramLabel = "N", defaultValue = "60",
            description = "Test images per network, policy and SLA, at most the 10,000 of the test split: the same"
                    + " ones for all of a network, each device sending its share in the same order under every policy"
                    + " and SLA, so that policies compare image by image (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--baseline", paramLabel = "NAME",
            description = "The policy every other is compared with, image by image (default: mdinference, when it"
                    + " runs).")
    String baseline;

    @Option(names = "--rtt-ms", paramLabel = "MS", defaultValue = "40",
            description = "Base round-trip time each proxy adds to its trace (default: ${DEFAULT-VALUE}).")
    double rttMs;

    @Option(names = "--uplink-scale", paramLabel = "F", defaultValue = "1.0",
            description = "The uplink's share of the (downlink) trace's throughput (default: ${DEFAULT-VALUE}).")
    double uplinkScale;

    @Option(names = "--payload", paramLabel = "png|tensor", defaultValue = "png",
            description = "What a device sends: the PNG an app would (a few hundred bytes), or the model's float"
                    + " tensor (3 KB, so the trace's throughput counts more) (default: ${DEFAULT-VALUE}).")
    String payload;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Picks the images and each device's offset into its trace (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--gate", paramLabel = "on|off|both", defaultValue = "off",
            description = "Run the devices without the device's confidence gate (off), with it (on), or both, each"
                    + " cell twice on the same images (paired). With the gate, images come only from those its"
                    + " thresholds were not fit on (default: ${DEFAULT-VALUE}).")
    String gate;

    @Option(names = "--gate-loss", paramLabel = "POINTS", defaultValue = "0.1",
            description = "The gate's target: accuracy, in percentage points, allowed to be lost against always"
                    + " asking the cloud; the threshold is the zoo's calibrated for the largest loss not above it"
                    + " (the bundled zoo's rows: 0, 0.1, 0.25, 0.4, 0.5, 0.75, 1, 1.5, 2). At 0.1 it lost 0.22"
                    + " points on the held-out images against the zoo's most accurate member, answering 72 %% of them"
                    + " on the device, which leaves room under half a point for what a few thousand images vary by"
                    + " (default: ${DEFAULT-VALUE}).")
    double gateLossPoints;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write DIR/results.csv, DIR/paired.csv, DIR/requests.csv and DIR/report.html (and"
                    + " DIR/gate.csv with --gate both).")
    Path out;

    @Override
    public Integer call() throws Exception {
        DemoSettings settings = new DemoSettings(
                networks == null ? DemoSettings.bundledNetworks(Path.of("")) : networks, policyNames(), slas,
                devices, images, rttMs, uplinkScale, payload(), seed, gate(), gateLoss());
        String against = baselineName(settings);
        PrintWriter stdout = spec.commandLine().getOut();
        IdxDataset testSplit = IdxDataset.testSplit(data);
        stdout.println("mdi demo: loading zoo " + zoo.path + " and its on-device model ...");
        stdout.flush();
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).build();
        ZooManifest manifest = zoo.manifest();
        Optional<GateEntry> calibration = settings.gated() ? Optional.of(calibration(manifest, settings))
                : Optional.empty();
        Optional<GateEntry.Images> heldOut = calibration.map(GateEntry::measuredImages);
        ServedZoo served = new ZooLoader(System::nanoTime).load(manifest, config.intraOpThreads(),
                config.maxBatch());
        List<DemoRow> rows = new ArrayList<>();
        try (OnnxDeviceModel device = OnnxDeviceModel.fromZoo(manifest);
             MdiServer server = new MdiServer(config, served)) {
            List<ImagePreprocessor> members = served.members().stream().map(ServedModel::preprocessor).toList();
            DemoImages sample = heldOut.isPresent()
                    ? DemoImages.sample(testSplit, heldOut.get().from(), heldOut.get().to(), images,
                            settings.payload(), members, seed)
                    : DemoImages.sample(testSplit, images, settings.payload(), members, seed);
            int port = server.start();
            server.awaitReady(WARM_UP_TIMEOUT);
            stdout.printf(Locale.ROOT, "mdi demo: server ready on 127.0.0.1:%d; %d devices (device model %s), %d"
                    + " networks x %d policies x %d SLAs%s, %d images each: %d requests%n", port, devices,
                    device.name(), settings.networks().size(), settings.policies().size(), settings.slasMs().size(),
                    settings.gateArms().size() > 1 ? " x 2 (gate off, on)" : "", images, settings.requests());
            if (heldOut.isPresent()) {
                stdout.printf(Locale.ROOT, "mdi demo: confidence gate %s at %.2f points allowed: threshold %.6f;"
                                + " images from test images %d..%d, which the thresholds were not fit on%n",
                        gate.toLowerCase(Locale.ROOT), gateLossPoints,
                        calibration.get().table().forMaxLoss(settings.gateMaxLoss()).threshold(), heldOut.get().from(),
                        heldOut.get().to() - 1);
            }
            stdout.flush();
            int cells = settings.networks().size() * settings.policies().size() * settings.slasMs().size()
                    * settings.gateArms().size();
            DemoRun run = new DemoRun(settings, new InetSocketAddress("127.0.0.1", port), served.name(), device,
                    sample);
            AtomicInteger done = new AtomicInteger();
            try (ProgressBar progress = ProgressBar.on(spec.commandLine().getErr())) {
                rows.addAll(run.run(row -> progress.update("cells", done.incrementAndGet(), cells)));
            }
        }
        DemoTable.print(stdout, rows);
        List<PairedComparison> paired = PairedComparison.against(against, rows);
        PairedTable.print(stdout, paired);
        List<GateComparison> gated = GateComparison.of(rows);
        GateComparisonTable.print(stdout, gated);
        if (out != null) {
            Files.createDirectories(out);
            DemoResultsCsv.write(out.resolve(DemoResultsCsv.FILE_NAME), rows);
            PairedCsv.write(out.resolve(PairedCsv.FILE_NAME), paired);
            RequestsCsv.write(out.resolve(RequestsCsv.FILE_NAME), rows);
            if (!gated.isEmpty()) {
                GateCsv.write(out.resolve(GateCsv.FILE_NAME), gated);
            }
            DemoReport.write(out.resolve(DemoReport.FILE_NAME), settings, rows, paired, gated);
            stdout.println();
            stdout.println("wrote " + out.resolve(DemoResultsCsv.FILE_NAME) + ", " + out.resolve(PairedCsv.FILE_NAME)
                    + ", " + out.resolve(RequestsCsv.FILE_NAME)
                    + (gated.isEmpty() ? "" : ", " + out.resolve(GateCsv.FILE_NAME)) + " and "
                    + out.resolve(DemoReport.FILE_NAME));
        }
        stdout.flush();
        return 0;
    }

    /** The baseline asked for, which must run; else mdinference, compared with only when it runs. */
    private String baselineName(DemoSettings settings) {
        if (baseline == null) {
            return "mdinference";
        }
        if (!settings.policies().contains(baseline)) {
            throw new IllegalArgumentException("--baseline " + baseline + " is not among the policies that run ("
                    + String.join(", ", settings.policies()) + ")");
        }
        return baseline;
    }

    private DemoSettings.Gate gate() {
        try {
            return DemoSettings.Gate.valueOf(gate.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--gate must be on, off or both, got '" + gate + "'");
        }
    }

    private double gateLoss() {
        if (!(gateLossPoints >= 0 && gateLossPoints <= 100)) {
            throw new IllegalArgumentException("--gate-loss must be in percentage points, 0 to 100, got "
                    + gateLossPoints);
        }
        return gateLossPoints / 100;
    }

    /**
     * The on-device model's gate calibration, checked against the demo's settings: a gated demo draws its images from
     * those the gate was measured on, not fit on, lest it score the thresholds on the very images that chose them.
     */
    private static GateEntry calibration(ZooManifest manifest, DemoSettings settings) {
        ModelEntry device = manifest.onDevice().orElseThrow(() -> new IllegalArgumentException("--gate needs an"
                + " on-device model in " + manifest.file() + ", and it marks none on_device"));
        GateEntry calibration = device.gate().orElseThrow(() -> new IllegalArgumentException("--gate needs the"
                + " on-device model's calibration, and " + device.name() + " in " + manifest.file() + " has none:"
                + " write it with mdi zoo calibrate (docs/zoo.md)"));
        GateEntry.Images measured = calibration.measuredImages();
        if (settings.images() > measured.count()) {
            throw new IllegalArgumentException("--gate draws images only from those the gate's thresholds were not"
                    + " fit on (test images " + measured.from() + ".." + (measured.to() - 1) + "): at most "
                    + measured.count() + " images, asked for " + settings.images());
        }
        // a target no row meets is refused now, not by every device's first request
        calibration.table().forMaxLoss(settings.gateMaxLoss());
        return calibration;
    }

    private List<String> policyNames() {
        return ServeCommand.PolicyNames.chosen(policies, Policies.NAMES);
    }

    private DemoSettings.Payload payload() {
        try {
            return DemoSettings.Payload.valueOf(payload.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--payload must be png or tensor, got '" + payload + "'");
        }
    }
}
