package dev.vigil.cli;

import dev.vigil.cli.client.AckCommand;
import dev.vigil.cli.client.ClientErrors;
import dev.vigil.cli.client.CompletionCommand;
import dev.vigil.cli.client.IncidentsCommand;
import dev.vigil.cli.client.JobCommand;
import dev.vigil.cli.client.JobsCommand;
import dev.vigil.cli.client.KeysCommand;
import dev.vigil.cli.client.LogsCommand;
import dev.vigil.cli.client.PauseCommand;
import dev.vigil.cli.client.ResolveCommand;
import dev.vigil.cli.client.ResumeCommand;
import dev.vigil.cli.client.RunsCommand;
import dev.vigil.cli.client.TriggerCommand;
import dev.vigil.cli.defs.ApplyCommand;
import dev.vigil.cli.defs.ExportCommand;
import dev.vigil.cli.defs.ImportCommand;
import dev.vigil.cli.run.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil <command>}. */
@Command(name = "vigil", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Schedules, runs and watches jobs; alerts when a job fails or didn't run.",
        subcommands = {ServerCommand.class, AgentCommand.class, RunCommand.class,
            JobsCommand.class, JobCommand.class, RunsCommand.class, TriggerCommand.class, LogsCommand.class,
            PauseCommand.class, ResumeCommand.class, IncidentsCommand.class, AckCommand.class, ResolveCommand.class,
            KeysCommand.class, ApplyCommand.class, ExportCommand.class, ImportCommand.class,
            CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = commandLine(CommandLine.defaultFactory()).execute(args);
        if (code != 0 || !ServerCommand.RUNNING.get()) System.exit(code);
    }

    /** The command line as {@code main} runs it; tests give a factory that sets the client commands' environment. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return new CommandLine(new Main(), factory).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ClientErrors());
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vigil " + (v == null ? "dev" : v)};
        }
    }
}
