package dev.vigil.cli.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reports as native JSON events, {@code POST {server}/api/v1/jobs/{project}/{slug}/events} with an
 * API key: {@code start}, then {@code success} or {@code failure} with the exit code, the output
 * tail as {@code message}, and {@code data} holding the duration, the command and the times the
 * wrapper saw (a replayed report is counted by the server when it arrives; these keep the truth).
 */
final class ApiReporter implements Reporter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String eventsUrl;

    ApiReporter(String server, String project, String slug) {
        String s = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.eventsUrl = s + "/api/v1/jobs/" + project + "/" + slug + "/events";
    }

    @Override
    public Report start(RunInfo run) {
        ObjectNode event = JSON.createObjectNode().put("kind", "start").put("rid", run.rid());
        ObjectNode data = event.putObject("data");
        data.putPOJO("command", run.command());
        data.put("startedAt", run.startedAt().toString());
        return report(event, "start of run " + run.rid(), run.startedAt().toString());
    }

    @Override
    public Report finish(RunInfo run, Finish finish) {
        ObjectNode event = JSON.createObjectNode().put("kind", finish.success() ? "success" : "failure").put("rid", run.rid());
        if (finish.exitCode() != null) event.put("exitCode", finish.exitCode());
        if (!finish.message().isEmpty()) event.put("message", finish.message());
        ObjectNode data = event.putObject("data");
        data.put("durationMs", finish.duration().toMillis());
        data.putPOJO("command", run.command());
        data.put("startedAt", run.startedAt().toString());
        data.put("finishedAt", finish.finishedAt().toString());
        return report(event, "finish of run " + run.rid(), finish.finishedAt().toString());
    }

    private Report report(ObjectNode event, String what, String at) {
        try {
            return new Report("POST", eventsUrl, "application/json", JSON.writeValueAsString(event), true, what, at);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON event; indicates a bug", e);
        }
    }
}
