package org.mdinference.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.mdinference.client.Classification;
import org.mdinference.client.ClientInput;
import org.mdinference.client.CloudOutcome;
import org.mdinference.client.MdiClient;
import org.mdinference.client.NoAnswerException;
import org.mdinference.client.RequestOptions;
import org.mdinference.client.onnx.OnnxDeviceModel;
import org.mdinference.onnx.ZooManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.mdinference.sim.report.Csv;

@Command(name = "classify",
        sortOptions = false,
        // the access options' longer names would otherwise wrap the defaults mid-value
        usageHelpWidth = 100,
        mixinStandardHelpOptions = true,
        description = {"Classifies images as a device would, through the client SDK: the zoo's on-device model runs on"
                + " this machine beside every request to the server's zoo, and each image's answer is the cloud's when"
                + " it arrives within the SLA, the device's otherwise. Prints one line per image: the class, how sure"
                + " the answering model is, which model answered, and the latency.", ""},
        footer = {"",
            "Examples:",
            "  mdi classify shirt.png boot.jpg",
            "  mdi classify --server http://10.0.0.5:8080 --sla-ms 50 *.png",
            "  mdi classify --policy static-accuracy --sla-ms 10 shirt.png",
            "  mdi classify --server https://localhost:8443 --ca-file ca.pem --token-file token.txt shirt.png"})
final class ClassifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files to classify.")
    List<Path> images;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "The server's base URL (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--sla-ms", paramLabel = "MS", defaultValue = "100",
            description = "Latency target of each image, end to end (default: ${DEFAULT-VALUE}).")
    double slaMs;

    @Mixin
    ZooCommand.ZooFolder zooFolder;

    @Option(names = "--zoo-name", paramLabel = "NAME",
            description = "The zoo's name on the server (default: the manifest's name).")
    String zooName;

    @Option(names = "--policy", paramLabel = "NAME", completionCandidates = ServeCommand.PolicyNames.class,
            description = "The selection policy the server should use: ${COMPLETION-CANDIDATES} (default: the"
                    + " server's own).")
    String policy;

    @Mixin
    ClientAccessOptions access;

    @Override
    public Integer call() throws Exception {
        if (!(slaMs > 0) || Double.isInfinite(slaMs)) {
            throw new IllegalArgumentException("--sla-ms must be a positive number of ms, got " + slaMs);
        }
        RequestOptions options = policy == null ? RequestOptions.DEFAULT : RequestOptions.DEFAULT.withPolicy(policy);
        List<ClientInput> inputs = new ArrayList<>();
        for (Path image : images) {
            inputs.add(read(image));
        }
        MdiClient.Builder builder = MdiClient.builder().baseUrl(server);
        access.token().ifPresent(builder::bearerToken);
        if (access.caFile != null) {
            try (InputStream pem = Files.newInputStream(access.caFile)) {
                builder.trustedCertificates(pem);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("CA file " + access.caFile + " does not exist", e);
            }
        }
        ZooManifest manifest = zooFolder.manifest();
        String zoo = zooName != null ? zooName : manifest.name();
        PrintWriter out = spec.commandLine().getOut();
        int unanswered = 0;
        try (OnnxDeviceModel device = OnnxDeviceModel.fromZoo(manifest);
             MdiClient client = builder.zoo(zoo).deviceModel(device).build()) {
            out.printf(Locale.ROOT, "mdi classify: %d image(s), SLA %s ms, zoo %s at %s, device model %s%n",
                    inputs.size(), Csv.sla(slaMs), zoo, server, device.name());
            warmUp(client);
            for (int i = 0; i < inputs.size(); i++) {
                try {
                    out.println(line(images.get(i), client.classify(inputs.get(i), slaMs, options).get(), manifest,
                            device.name()));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof NoAnswerException)) {
                        throw e;
                    }
                    unanswered++;
                    out.println(images.get(i) + ": no answer: " + e.getCause().getMessage());
                }
                out.flush();
            }
        }
        return unanswered == 0 ? 0 : OneLineErrors.FAILURE;
    }

    /**
     * Connects to the server and runs the device model once before the first image, as an app would at its start:
     * else the first image pays for both and is late. A server that is down is only reported: each image then says
     * what became of its cloud call.
     */
    private void warmUp(MdiClient client) throws InterruptedException {
        try {
            client.warmUp().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            spec.commandLine().getErr().println("mdi classify: warming up: " + cause.getClass().getSimpleName()
                    + ": " + cause.getMessage());
        }
    }

    private static ClientInput read(Path image) {
        if (!Files.isRegularFile(image)) {
            throw new IllegalArgumentException("no such image file: " + image);
        }
        try {
            byte[] bytes = Files.readAllBytes(image);
            if (bytes.length == 0) {
                throw new IllegalArgumentException("the image file " + image + " is empty");
            }
            return ClientInput.image(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + image, e);
        }
    }

    /** {@code shirt.png: 6 Shirt (87.3 %) by the cloud's resnet8_w16 in 24.1 ms}, and the cloud's fate otherwise. */
    private static String line(Path image, Classification answer, ZooManifest manifest, String deviceModel) {
        String label = answer.label() < manifest.labels().size()
                ? answer.label() + " " + manifest.labels().get(answer.label()) : Integer.toString(answer.label());
        String by = answer.source() == Classification.Source.CLOUD
                ? "the cloud's " + answer.cloudModel().orElse("model")
                : "the device's " + deviceModel;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %s (%.1f %%) by %s in %.1f ms", image,
                label, 100 * answer.confidence(), by, answer.latencyMs()));
        CloudOutcome cloud = answer.cloud();
        if (answer.source() == Classification.Source.DEVICE) {
            line.append("; cloud ").append(cloud.status().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            cloud.reason().ifPresent(reason -> line.append(": ").append(reason));
        }
        return line.toString();
    }
}
