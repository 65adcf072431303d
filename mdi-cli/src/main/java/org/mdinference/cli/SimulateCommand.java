package org.mdinference.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mdinference.core.Model;
import org.mdinference.core.Zoo;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.onnx.ZooProfile;
import org.mdinference.sim.GateRow;
import org.mdinference.sim.ImageDraws;
import org.mdinference.sim.ImageTruth;
import org.mdinference.sim.Knowledge;
import org.mdinference.sim.ResultRow;
import org.mdinference.sim.SimulationSettings;
import org.mdinference.sim.Simulator;
import org.mdinference.sim.SlaRange;
import org.mdinference.sim.ZooTable;
import org.mdinference.sim.network.NetworkSpecs;
import org.mdinference.sim.report.GateCsv;
import org.mdinference.sim.report.HtmlReport;
import org.mdinference.sim.report.ModelUsageCsv;
import org.mdinference.sim.report.ReportContext;
import org.mdinference.sim.report.ResultsCsv;
import org.mdinference.traces.Network;
import org.mdinference.traces.TransferSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "simulate",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {
            "Replays requests over modelled or recorded networks through MDInference and its baselines, at every SLA"
                    + " of a sweep, and writes DIR/results.csv, DIR/model_usage.csv and DIR/report.html.",
            "Every policy meets the very same requests (network times and inference draws), and the oracle, which"
                    + " knows each request's true times, bounds what any policy could reach.",
            ""},
        footer = {"",
            "Examples:",
            "  mdi simulate --network paper:Home --sla 50:500:10 --out out/home",
            "  mdi simulate --zoo paper-gpu --network trace:../shared/traces/pensieve_norway_hsdpa_3g"
                    + " --uplink-scale 0.25 --sla 100:1000:25 --out out/3g",
            "  mdi simulate --network paper:Artificial --knowledge true --no-duplication --policy mdinference,greedy"
                    + " --sla 100:300:50 --out out/fig1",
            "  mdi simulate --zoo zoo/fashion --per-image zoo/fashion/per_image.csv.gz --gate --network paper:Home"
                    + " --sla 50:300:50 --out out/gate"})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--zoo", paramLabel = "paper-gpu|paper-cpu|FILE", defaultValue = "paper-gpu",
            description = "Model profiles: the paper's GPU or CPU zoo, or a CSV with the header"
                    + " model,top1_percent,latency_mean_ms,latency_std_ms (default: ${DEFAULT-VALUE}).")
    String zoo;

    @Option(names = "--network", required = true, paramLabel = "SPEC[,SPEC...]",
            description = {"Networks, comma-separated or repeated, each reported on its own:",
                "  paper:NAME          the paper's Gaussians (Home, Campus, LTE SIM, Artificial, ...),"
                        + " one draw counted for upload and return",
                "  gaussian:MEAN:STD   one-way ms, upload and return drawn apart",
                "  trace:PATH[@MBps]   a trace file or a folder of them, format recognised from content;"
                        + " @MBps when a two-column trace is in MByte/s"})
    List<String> networks;

    @Option(names = "--sla", paramLabel = "FROM:TO:STEP", defaultValue = "50:500:10",
            description = "SLAs to sweep, in ms, inclusive (default: ${DEFAULT-VALUE}).")
    String sla;

    @Option(names = "--policy", split = ",", paramLabel = "NAME", defaultValue = "all",
            description = "mdinference, expected-accuracy, greedy, static-accuracy, static-latency, random, oracle,"
                    + " or all (default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--duplication", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the on-device model beside every cloud request and use its answer when the cloud's"
                    + " is late (default: on).")
    boolean duplication;

    @Option(names = "--on-device", paramLabel = "MODEL",
            description = "The zoo model the device runs; it leaves the cloud pool. Default: the zoo's on_device"
                    + " model, else its fastest.")
    String onDevice;

    @Option(names = "--models", split = ",", paramLabel = "MODEL",
            description = "Restrict the cloud pool to these zoo models (default: the whole zoo).")
    List<String> models;

    @Option(names = "--knowledge", paramLabel = "true|estimated|distribution", defaultValue = "estimated",
            description = "What policies know of the network: the request's true times; what a device can"
                    + " estimate (this upload, measured by the server; earlier replies' return times: their moving"
                    + " average, and for expected-accuracy their spread); or, as a reference, the distribution of"
                    + " the whole run's return times in hindsight (default: ${DEFAULT-VALUE}).")
    String knowledge;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "10000",
            description = "Requests per SLA point and network (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--payload-kb", paramLabel = "K", defaultValue = "20",
            description = "Request size for trace networks, KB (default: ${DEFAULT-VALUE}).")
    double payloadKb;

    @Option(names = "--rtt-ms", paramLabel = "R", defaultValue = "40",
            description = "Base round-trip time added on trace networks, ms (default: ${DEFAULT-VALUE}).")
    double rttMs;

    @Option(names = "--uplink-scale", paramLabel = "F", defaultValue = "1.0",
            description = "Factor on a downlink trace's throughput for the upload (default: ${DEFAULT-VALUE}).")
    double uplinkScale;

    @Option(names = "--per-image", paramLabel = "FILE",
            description = {"Draw each request as a test image of FILE (written by mdi zoo eval --per-image; the"
                    + " bundled zoo's is zoo/fashion/per_image.csv.gz): an answer counts as right when the model that"
                    + " gave it got that image right, so the device's and the cloud's answers are right or wrong"
                    + " together as in life, instead of each counting its model's top-1. Needs --zoo DIR of the"
                    + " same models."})
    Path perImage;

    @Option(names = "--gate",
            description = {"Also run every policy with the device's confidence gate: the device answers at once,"
                    + " sending nothing, when its model's top softmax probability is above a threshold fit on the"
                    + " first half of the --per-image images; the sweep is then measured on the second half, each"
                    + " request with and without the gate, written to DIR/gate.csv (results.csv holds the rows"
                    + " without it)."})
    boolean gate;

    @Option(names = "--gate-loss", paramLabel = "POINTS", defaultValue = "0.5",
            description = "The gate's target: accuracy allowed to be lost against always offloading to the cloud"
                    + " pool's most accurate model, in percentage points on the fit half (default: ${DEFAULT-VALUE}).")
    double gateLossPoints;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/simulate",
            description = "Where results.csv and report.html go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        SimulationSettings settings = settings();
        List<String> policyNames = policyNames();
        double[] slas = SlaRange.parse(sla).points();
        TransferSettings transfer = new TransferSettings(payloadKb, TransferSettings.DEFAULTS.replyKb(), rttMs,
                uplinkScale, TransferSettings.DEFAULTS.requestIntervalMs());
        List<Network> parsed = new ArrayList<>();
        for (String specs : networks) {
            parsed.addAll(NetworkSpecs.parseAll(specs, transfer));
        }

        PrintWriter stdout = spec.commandLine().getOut();
        Optional<ImageTruth> truth = imageTruth();
        Optional<SimulationImages.Gate> fitGate = Optional.empty();
        if (gate) {
            fitGate = Optional.of(SimulationImages.fit(truth.orElseThrow(), settings, gateLoss()));
            SimulationImages.print(stdout, fitGate.get(), settings.device().orElseThrow().name(), truth.get());
        }
        Simulator simulator = truth.map(t -> new Simulator(settings,
                        gate ? ImageDraws.secondHalf(t) : ImageDraws.all(t)))
                .orElseGet(() -> new Simulator(settings));
        List<ResultRow> rows = new ArrayList<>();
        List<GateRow> gateRows = new ArrayList<>();
        try (ProgressBar progress = ProgressBar.on(spec.commandLine().getErr())) {
            for (Network network : parsed) {
                if (fitGate.isPresent()) {
                    List<GateRow> both = simulator.gatedSweep(network, policyNames, slas,
                            fitGate.get().calibration().gate(), progress::update);
                    gateRows.addAll(both);
                    both.stream().filter(r -> !r.gate()).forEach(r -> rows.add(r.row()));
                } else {
                    rows.addAll(simulator.sweep(network, policyNames, slas, progress::update));
                }
            }
        }
        writeReport(rows, settings, fitGate);
        SimulationSummary.print(stdout, rows);
        if (gate) {
            GateCsv.write(out.resolve(GateCsv.FILE_NAME), gateRows, payloadKb);
            GateSummary.print(stdout, gateRows, payloadKb);
        }
        stdout.println();
        stdout.println("wrote " + out.resolve(ResultsCsv.FILE_NAME) + ", " + out.resolve(ModelUsageCsv.FILE_NAME)
                + (gate ? ", " + out.resolve(GateCsv.FILE_NAME) : "") + " and " + out.resolve(HtmlReport.FILE_NAME));
        stdout.flush();
        return 0;
    }

    private SimulationSettings settings() {
        if (requests < 1) {
            throw new IllegalArgumentException("--requests must be at least 1, got " + requests);
        }
        ZooTable table = zooTable();
        Zoo whole = table.zoo();
        Optional<Model> device = Optional.ofNullable(onDevice)
                .or(table::onDevice)
                .map(name -> whole.model(name).orElseThrow(() -> new IllegalArgumentException(
                        "--on-device '" + name + "' is not a model of zoo " + zoo)))
                .or(() -> duplication ? Optional.of(whole.fastest()) : Optional.empty());
        Zoo pool = models == null ? whole : whole.only(models);
        if (device.isPresent() && pool.model(device.get().name()).isPresent()) {
            if (pool.size() == 1) {
                throw new IllegalArgumentException("the cloud pool would be empty: its only model "
                        + device.get().name() + " runs on the device");
            }
            pool = pool.without(device.get().name());
        }
        return new SimulationSettings(pool, device, duplication, Knowledge.parse(knowledge), requests, seed);
    }

    /** The paper's zoos and CSV tables through mdi-sim; a profiled ONNX zoo folder through mdi-onnx's profile. */
    private ZooTable zooTable() {
        Path folder = Path.of(zoo);
        if (!Files.isDirectory(folder)) {
            return ZooTable.load(zoo);
        }
        ZooManifest manifest = ZooManifest.read(folder);
        Path profile = manifest.directory().resolve(ZooProfile.FILE_NAME);
        if (!Files.isRegularFile(profile)) {
            throw new IllegalArgumentException("zoo folder " + folder + " has no " + ZooProfile.FILE_NAME
                    + ": run 'mdi zoo profile --zoo " + folder + "' first");
        }
        return new ZooTable(ZooProfile.read(profile).toZoo(manifest), manifest.onDevice().map(ModelEntry::name));
    }

    /** The per-image truth, checked against the flags before any sweep starts. */
    private Optional<ImageTruth> imageTruth() {
        if (perImage == null) {
            if (gate) {
                throw new IllegalArgumentException("--gate needs --per-image FILE: the gate is fit and measured on"
                        + " images");
            }
            return Optional.empty();
        }
        if (!Files.isDirectory(Path.of(zoo))) {
            throw new IllegalArgumentException("--per-image needs --zoo DIR, a zoo folder whose models the file"
                    + " holds, not " + zoo);
        }
        ImageTruth truth = SimulationImages.read(perImage);
        if (gate && truth.images() < 2) {
            throw new IllegalArgumentException("--gate needs at least 2 images in " + perImage + " (half to fit, half"
                    + " to measure), it has " + truth.images());
        }
        return Optional.of(truth);
    }

    private double gateLoss() {
        if (!(gateLossPoints >= 0 && gateLossPoints <= 100)) {
            throw new IllegalArgumentException("--gate-loss must be in percentage points, 0 to 100, got "
                    + gateLossPoints);
        }
        return gateLossPoints / 100;
    }

    private List<String> policyNames() {
        return ServeCommand.PolicyNames.chosen(policies, Simulator.ALL_POLICIES);
    }

    private void writeReport(List<ResultRow> rows, SimulationSettings settings,
                             Optional<SimulationImages.Gate> fitGate) throws IOException {
        Files.createDirectories(out);
        ResultsCsv.write(out.resolve(ResultsCsv.FILE_NAME), rows);
        ModelUsageCsv.write(out.resolve(ModelUsageCsv.FILE_NAME), rows);
        ReportContext context = ReportContext.of("MDInference simulation")
                .with("zoo", zoo)
                .with("cloud pool", settings.pool().models().stream().map(Model::name).collect(Collectors.joining(", ")))
                .with("on-device model", settings.device().map(Model::name).orElse("none"))
                .with("duplication", settings.duplication() ? "on" : "off")
                .with("knowledge", settings.knowledge().toString())
                .with("networks", String.join(", ", networks))
                .with("trace transfer", payloadKb + " KB up, " + TransferSettings.DEFAULTS.replyKb() + " KB back, "
                        + rttMs + " ms base RTT, uplink x" + uplinkScale)
                .with("requests per point", Integer.toString(requests))
                .with("seed", Long.toString(seed));
        if (perImage != null) {
            context = context.with("requests", "images of " + perImage
                    + (gate ? ", the second half (the gate was fit on the first)" : ""));
        }
        if (fitGate.isPresent()) {
            context = context.with("confidence gate", String.format(java.util.Locale.ROOT,
                    "threshold %.6f for %.2f points of loss; rows without the gate here, both in %s",
                    fitGate.get().calibration().gate().threshold(), gateLossPoints, GateCsv.FILE_NAME));
        }
        HtmlReport.write(out.resolve(HtmlReport.FILE_NAME), context, rows);
    }
}
