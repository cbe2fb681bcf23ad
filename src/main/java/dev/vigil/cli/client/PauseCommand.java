package dev.vigil.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vigil pause PROJECT/SLUG}: no runs fire, no alerts, until resumed. */
@Command(name = "pause", description = "Pause a job: it does not fire nor go late, missed or overdue until resumed (role operator).")
public final class PauseCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT/SLUG", description = "the job")
    String job;
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return act(client, job, "pause", "paused");
    }

    static int act(ClientOptions client, String job, String action, String done) {
        JobRef ref = JobRef.parse(job);
        ApiClient.Reply reply = client.api().send("POST", ref.path() + "/" + action, null);
        if (client.json()) {
            client.printJson(reply);
        } else {
            client.out().println(done + " " + ref + " (status " + Table.text(reply.json(), "status") + ")");
            client.out().flush();
        }
        return ExitCodes.OK;
    }
}
