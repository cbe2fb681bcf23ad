package dev.vigil.cli.run;

import dev.vigil.domain.VigilException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil run}: wraps a command scheduled elsewhere (cron, systemd timers, CI) and reports on it. */
@Command(name = "run", sortOptions = false,
        customSynopsis = {
            "vigil run [--ping-url URL | --job PROJECT/SLUG --server URL --key KEY]",
            "                 [--timeout DURATION] [--spool DIR] [--tail BYTES] -- COMMAND...",
            "       vigil run --flush [--spool DIR] [--server URL --key KEY]"},
        modelTransformer = RunCommand.StopAtCommand.class,
        description = {
            "Run a command, report its start and its end (exit code, duration, output tail) to Vigil, and exit with its exit code.",
            "Reports the server cannot take now are spooled on disk and sent by the next vigil run (or --flush).",
            "Exit codes: the command's; 124 timed out; 126/127 cannot run the command; 2 usage error."},
        footer = {"", "Examples:",
            "  vigil run --ping-url https://vigil.example.com/ping/8d0c5b0e-... -- ./backup.sh",
            "  export VIGIL_SERVER=https://vigil.example.com VIGIL_KEY_FILE=/etc/vigil/key",
            "  vigil run --job prod/nightly --timeout 2h -- ./etl.sh"})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--ping-url", paramLabel = "URL", description = "the job's ping URL (VIGIL_PING_URL)")
    String pingUrl;
    @Option(names = "--job", paramLabel = "PROJECT/SLUG", description = "the job, reported through the API (or SLUG with --project)")
    String job;
    @Option(names = "--project", paramLabel = "PROJECT", description = "the project, with --job SLUG (VIGIL_PROJECT)")
    String project;
    @Option(names = "--server", paramLabel = "URL", description = "the Vigil server, with --job (VIGIL_SERVER)")
    String server;
    @Option(names = "--key", paramLabel = "KEY", description = "API key, with --job (VIGIL_KEY or VIGIL_KEY_FILE; prefer those: flags show in ps)")
    String key;
    @Option(names = "--timeout", paramLabel = "DURATION", description = "stop the command after this long (30s, 15m, 2h): exit 124")
    String timeout;
    @Option(names = "--spool", paramLabel = "DIR", description = "where undelivered reports wait (VIGIL_SPOOL_DIR; default $XDG_CACHE_HOME/vigil/spool or ~/.cache/vigil/spool)")
    String spool;
    @Option(names = "--tail", paramLabel = "BYTES", description = "how much of the end of the output to report (default 10000)")
    Integer tail;
    @Option(names = "--flush", description = "only send the spooled reports; exit 0 if none is left")
    boolean flush;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command and its arguments, after --")
    List<String> command;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    public RunCommand() {
        this(System.getenv(), System.out, System.err);
    }

    RunCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        Settings settings;
        try {
            settings = Settings.resolve(new Settings.Flags(job, project, server, key, pingUrl, timeout, spool, tail, flush, command), env);
        } catch (VigilException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "vigil run: " + e.getMessage());
        }
        var spoolDir = new Spool(settings.spoolDir(), this::warn);
        var delivery = new Delivery(spoolDir, settings.credentials(), this::warn);
        if (settings.flush()) return flush(spoolDir, delivery);
        return new Wrapper(settings, delivery, out, err, this::warn, Clock.systemUTC()).run();
    }

    private int flush(Spool spool, Delivery delivery) {
        int before = spool.pending().size();
        boolean clean = delivery.replay(Duration.ofDays(1));
        int left = spool.pending().size();
        out.println("vigil run: sent " + (before - left) + " spooled report(s) from " + spool.dir() + "; " + left + " left");
        return clean && left == 0 ? 0 : 1;
    }

    private void warn(String message) {
        err.println("vigil run: " + message);
        err.flush();
    }

    /** Everything from the command's name on belongs to the command, so {@code vigil run --job x ls -l} works without {@code --}. */
    static final class StopAtCommand implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }
}
