package dev.vigil.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vigil resume PROJECT/SLUG}. */
@Command(name = "resume", description = "Resume a paused job (role operator).")
public final class ResumeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT/SLUG", description = "the job")
    String job;
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return PauseCommand.act(client, job, "resume", "resumed");
    }
}
