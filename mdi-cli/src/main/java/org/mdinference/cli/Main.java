package org.mdinference.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mdi} command: one subcommand per job. */
@Command(name = "mdi",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "MDInference: the most accurate answer that arrives before the app's deadline.",
        subcommands = {ServeCommand.class, DemoCommand.class, ClassifyCommand.class, NetemCommand.class,
            SimulateCommand.class, ZooCommand.class, LoadtestCommand.class, SoakCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /** Runs {@code mdi} with these arguments, printing to out and err, and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(new OneLineErrors())
                .setExecutionExceptionHandler(new OneLineErrors())
                .execute(args);
    }
}
