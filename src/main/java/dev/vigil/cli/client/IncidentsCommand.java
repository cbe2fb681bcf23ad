package dev.vigil.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil incidents}: the incidents still open (or acknowledged), newest first; {@code --all} adds the resolved. */
@Command(name = "incidents", sortOptions = false,
        description = {"List incidents, newest first: open and acknowledged ones, or all with --all.",
            "Without --project, those of every project the key may see."},
        footer = {"", "Examples:", "  vigil incidents", "  vigil incidents --project prod --job nightly --all"})
public final class IncidentsCommand implements Callable<Integer> {
    @Option(names = "--project", paramLabel = "PROJECT", description = "only this project's incidents")
    String project;
    @Option(names = "--job", paramLabel = "SLUG", description = "only this job's (with --project)")
    String job;
    @Option(names = "--all", description = "resolved incidents too")
    boolean all;
    @Option(names = "--limit", paramLabel = "N", description = "at most N per project (default 100)")
    Integer limit;
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        if (job != null && project == null) throw ClientException.usage("--job needs --project");
        ApiClient api = client.api();
        String state = all ? null : "open,acknowledged";
        List<String> projects = new ArrayList<>();
        if (project != null) {
            projects.add(project);
        } else {
            api.get("/projects").get("projects").forEach(p -> projects.add(p.get("slug").asText()));
        }
        if (projects.size() == 1 && client.json()) {
            client.printJson(api.send("GET", "/incidents" + query(projects.getFirst(), state), null));
            return ExitCodes.OK;
        }
        List<JsonNode> incidents = new ArrayList<>();
        for (String p : projects) api.get("/incidents" + query(p, state)).get("incidents").forEach(incidents::add);
        incidents.sort(Comparator.comparingLong((JsonNode i) -> i.get("id").asLong()).reversed());
        if (client.json()) {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            ArrayNode list = body.putArray("incidents");
            incidents.forEach(list::add);
            client.printJson(body);
            return ExitCodes.OK;
        }
        Table t = new Table("id", "job", "severity", "state", "opened", "reason");
        incidents.forEach(i -> t.row(Table.text(i, "id"), Table.text(i, "project") + "/" + Table.text(i, "job"), Table.text(i, "severity"),
                Table.text(i, "state"), Formats.time(i, "openedAt"), Table.text(i, "reason")));
        if (t.size() == 0) {
            client.err().println("vigil: no " + (all ? "" : "open ") + "incidents");
            client.err().flush();
        } else {
            t.print(client.out());
        }
        return ExitCodes.OK;
    }

    private String query(String p, String state) {
        return ApiClient.query("project", p, "job", job, "state", state, "limit", limit);
    }
}
