package dev.vigil.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vigil job get PROJECT/SLUG}. */
@Command(name = "job", mixinStandardHelpOptions = true, description = "One job.", subcommands = JobCommand.Get.class)
public final class JobCommand {

    @Command(name = "get", description = "Show a job: its definition, status and health.",
            footer = {"", "Example:", "  vigil job get prod/nightly -o json > nightly.json"})
    static final class Get implements Callable<Integer> {
        @Parameters(paramLabel = "PROJECT/SLUG", description = "the job")
        String job;
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            JobRef ref = JobRef.parse(job);
            ApiClient.Reply reply = client.api().send("GET", ref.path(), null);
            if (client.json()) {
                client.printJson(reply);
            } else {
                print(reply.json(), client);
            }
            return ExitCodes.OK;
        }
    }

    /** A job as {@code name: value} lines, the fields people look at first. */
    static void print(JsonNode j, ClientOptions client) {
        Table t = new Table("field", "value");
        t.row("job", Table.text(j, "project") + "/" + Table.text(j, "slug"));
        t.row("name", Table.text(j, "name"));
        for (String f : new String[] {"status", "health", "statusSince", "scheduleText", "grace", "maxRuntime", "owner", "tags",
                "lastStartedAt", "lastSucceededAt", "lastFailedAt", "lastPingAt", "expectedAt", "nextDeadline", "command",
                "pingUrl"}) {
            String v = Table.text(j, f);
            if (v != null) t.row(f, v);
        }
        if (j.has("http")) t.row("http", Table.text(j.get("http"), "method") + " " + Table.text(j.get("http"), "url"));
        t.row("paused", Table.text(j, "paused"));
        t.row("alerting", Table.text(j, "alerting"));
        t.print(client.out());
    }
}
