package org.mdinference.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mdinference.onnx.ZooManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "zoo",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "(eval | profile | calibrate | sign)",
        description = {"Measures the real models of a zoo folder (zoo.json and its ONNX files): their accuracy on a"
                + " labelled test set, and their latency on this machine; calibrates the device model's confidence gate; signs"
                + " its manifest for servers that check it.", ""},
        subcommands = {ZooEvalCommand.class, ZooProfileCommand.class, ZooCalibrateCommand.class,
            ZooSignCommand.class},
        footer = {"", "The manifest's format and how to add a model: docs/zoo.md"})
final class ZooCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a subcommand: eval, profile, calibrate or sign");
    }

    /** The {@code --zoo} option the subcommands share. */
    static final class ZooFolder {

        @Option(names = "--zoo", paramLabel = "DIR", defaultValue = "zoo/fashion",
                description = "The zoo folder, holding zoo.json, or the manifest itself (default: ${DEFAULT-VALUE}).")
        Path path;

        ZooManifest manifest() {
            return ZooManifest.read(path);
        }
    }

    /** Refuses a count below one, naming the option and the value. */
    static int atLeastOne(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
        return value;
    }
}
