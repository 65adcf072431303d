package org.mdinference.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.mdinference.demo.PairedComparison;
import org.mdinference.demo.PairedCsv;
import org.mdinference.demo.PairedTable;
import org.mdinference.demo.RequestsCsv;
import org.mdinference.onnx.IdxDataset;
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
                    + " accuracy difference with its 95 % interval; McNemar's exact p. With --out DIR, also writes"
                    + " DIR/results.csv, DIR/paired.csv, DIR/requests.csv (every request, with the image that pairs"
                    + " it) and DIR/report.html.",
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
            "  mdi demo --policy mdinference,expected-accuracy --images 2000 --devices 8 --out out/demo-paired"})
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

    @Option(names = "--out", paramLabel = "DIR", description = "Also write DIR/results.csv and DIR/report.html.")
    Path out;

    @Override
    public Integer call() throws Exception {
        DemoSettings settings = new DemoSettings(
                networks == null ? DemoSettings.bundledNetworks(Path.of("")) : networks, policyNames(), slas,
                devices, images, rttMs, uplinkScale, payload(), seed);
        String against = baselineName(settings);
        PrintWriter stdout = spec.commandLine().getOut();
        IdxDataset testSplit = IdxDataset.testSplit(data);
        stdout.println("mdi demo: loading zoo " + zoo.path + " and its on-device model ...");
        stdout.flush();
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).build();
        ZooManifest manifest = zoo.manifest();
        ServedZoo served = new ZooLoader(System::nanoTime).load(manifest, config.intraOpThreads(),
                config.maxBatch());
        List<DemoRow> rows = new ArrayList<>();
        try (OnnxDeviceModel device = OnnxDeviceModel.fromZoo(manifest);
             MdiServer server = new MdiServer(config, served)) {
            DemoImages sample = DemoImages.sample(testSplit, images, settings.payload(),
                    served.members().stream().map(ServedModel::preprocessor).toList(), seed);
            int port = server.start();
            server.awaitReady(WARM_UP_TIMEOUT);
            stdout.printf(Locale.ROOT, "mdi demo: server ready on 127.0.0.1:%d; %d devices (device model %s), %d"
                    + " networks x %d policies x %d SLAs, %d images each: %d requests%n", port, devices,
                    device.name(), settings.networks().size(), settings.policies().size(), settings.slasMs().size(),
                    images, settings.requests());
            stdout.flush();
            int cells = settings.networks().size() * settings.policies().size() * settings.slasMs().size();
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
        if (out != null) {
            Files.createDirectories(out);
            DemoResultsCsv.write(out.resolve(DemoResultsCsv.FILE_NAME), rows);
            PairedCsv.write(out.resolve(PairedCsv.FILE_NAME), paired);
            RequestsCsv.write(out.resolve(RequestsCsv.FILE_NAME), rows);
            DemoReport.write(out.resolve(DemoReport.FILE_NAME), settings, rows, paired);
            stdout.println();
            stdout.println("wrote " + out.resolve(DemoResultsCsv.FILE_NAME) + ", " + out.resolve(PairedCsv.FILE_NAME)
                    + ", " + out.resolve(RequestsCsv.FILE_NAME) + " and " + out.resolve(DemoReport.FILE_NAME));
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
