package dev.vigil.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil jobs}: the jobs with their status and health. */
@Command(name = "jobs", sortOptions = false, description = "List jobs with their status and health.",
        footer = {"", "Examples:", "  vigil jobs --project prod --status failed", "  vigil jobs --health unhealthy -o json | jq -r '.jobs[].slug'"})
public final class JobsCommand implements Callable<Integer> {
    @Option(names = "--project", paramLabel = "PROJECT", description = "only this project's jobs")
    String project;
    @Option(names = "--tag", paramLabel = "TAG", description = "only jobs with this tag")
    String tag;
    @Option(names = "--status", paramLabel = "STATUS", description = "only this status: new, paused, running, up, late, failed, missed or overdue")
    String status;
    @Option(names = "--health", paramLabel = "HEALTH", description = "healthy or unhealthy")
    String health;
    @Option(names = "--limit", paramLabel = "N", description = "at most N jobs (one page of the API); default: all")
    Integer limit;
    @Option(names = "--after", paramLabel = "PROJECT/SLUG", description = "the jobs after this one (the previous page's next)")
    String after;
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient api = client.api();
        String query = ApiClient.query("project", project, "tag", tag, "status", status, "health", health, "limit", limit, "after", after);
        if (client.json()) {
            client.printJson(api.send("GET", "/jobs" + query, null));
            return ExitCodes.OK;
        }
        Table table = new Table("job", "status", "health", "since", "next expected", "tags");
        String next = after;
        do {
            JsonNode page = api.get("/jobs" + ApiClient.query("project", project, "tag", tag, "status", status, "health", health,
                    "limit", limit, "after", next));
            table.rows(page.get("jobs"), j -> new Object[] {
                Table.text(j, "project") + "/" + Table.text(j, "slug"), Table.text(j, "status"), Table.text(j, "health"),
                Formats.time(j, "statusSince"), Formats.time(j, "expectedAt"), Table.text(j, "tags")});
            next = limit == null ? Table.text(page, "next") : null;
        } while (next != null);
        if (table.size() == 0) {
            client.err().println("vigil: no jobs" + (query.isEmpty() ? "" : " match"));
            client.err().flush();
            return ExitCodes.OK;
        }
        table.print(client.out());
        return ExitCodes.OK;
    }
}
