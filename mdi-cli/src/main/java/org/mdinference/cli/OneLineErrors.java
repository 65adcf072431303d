package org.mdinference.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns a bad argument into one line that names the bad value, and a hint, instead of a usage dump or a stack
 * trace: a user who mistyped a network name should see that name, not forty lines of options.
 */
final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    static final int USAGE = 2;
    static final int FAILURE = 1;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println(qualifiedName(command) + ": " + e.getMessage());
        command.getErr().println("Try '" + qualifiedName(command) + " --help' for more information.");
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) throws Exception {
        if (e instanceof IllegalArgumentException) {
            command.getErr().println(qualifiedName(command) + ": " + e.getMessage());
            return USAGE;
        }
        if (e instanceof UncheckedIOException io) {
            command.getErr().println(qualifiedName(command) + ": " + io.getMessage() + ": " + io.getCause().getMessage());
            return FAILURE;
        }
        if (e instanceof IOException io) {
            command.getErr().println(qualifiedName(command) + ": " + io);
            return FAILURE;
        }
        throw e;
    }

    private static String qualifiedName(CommandLine command) {
        return command.getParent() == null
                ? command.getCommandName()
                : qualifiedName(command.getParent()) + " " + command.getCommandName();
    }
}
