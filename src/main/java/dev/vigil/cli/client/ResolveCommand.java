package dev.vigil.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil resolve ID}: closes an incident by hand. */
@Command(name = "resolve", description = "Resolve an incident by hand (role operator); a job still down opens no new one until it recovers.")
public final class ResolveCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "the incident (from vigil incidents)")
    long id;
    @Option(names = {"-m", "--comment"}, paramLabel = "TEXT", description = "a comment, kept in the incident's history")
    String comment;
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return AckCommand.act(client, id, comment, "resolve", "resolved");
    }
}
