package dev.vigil.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil runs PROJECT/SLUG}: a job's recent runs, newest first. */
@Command(name = "runs", description = "List a job's recent runs, newest first.",
        footer = {"", "Example:", "  vigil runs prod/nightly --limit 5"})
public final class RunsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT/SLUG", description = "the job")
    String job;
    @Option(names = "--limit", paramLabel = "N", description = "at most N runs (default 20, at most 1000)")
    int limit = 20;
    @Option(names = "--before", paramLabel = "ID", description = "the runs before this one (older)")
    Long before;
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        JobRef ref = JobRef.parse(job);
        ApiClient.Reply reply = client.api().send("GET", ref.path() + "/runs" + ApiClient.query("limit", limit, "before", before), null);
        if (client.json()) {
            client.printJson(reply);
            return ExitCodes.OK;
        }
        Table t = new Table("id", "trigger", "attempt", "state", "started", "duration", "exit", "reason");
        t.rows(reply.json().get("runs"), r -> new Object[] {Table.text(r, "id"), Table.text(r, "trigger"), Table.text(r, "attempt"),
            Table.text(r, "state"), Formats.time(r, "startedAt"), Formats.duration(r.get("durationMs")), Table.text(r, "exitCode"),
            Table.text(r, "reason")});
        if (t.size() == 0) {
            client.err().println("vigil: " + ref + " has no runs yet");
            client.err().flush();
        } else {
            t.print(client.out());
        }
        return ExitCodes.OK;
    }
}
