package dev.vigil.cli.defs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil import …}: brings jobs defined elsewhere into Vigil. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Bring jobs defined elsewhere into Vigil: vigil import crontab.",
        subcommands = {CrontabImport.class})
public final class ImportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to import, e.g. vigil import crontab");
    }
}
