package dev.vigil.cli.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reports as native JSON events, {@code POST {server}/api/v1/jobs/{project}/{slug}/events} with an
 * API key: {@code start}, then {@code success} or {@code failure} with the exit code, the output
 * tail as {@code message}, and {@code data} holding the duration, the command and the times the
 * wrapper saw (a replayed report is counted by the server when it arrives; these keep the truth).
 */
final class ApiReporter implements Reporter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AT_MOST = Pattern.compile("at most (\\d+) characters");
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

    /**
     * The report again with its message cut to what the server said it takes, if the server refused
     * it only for the message's length (its ping body limit may be below the tail size); else empty.
     */
    static Optional<Report> withMessageThatFits(Report refused, String errorBody) {
        try {
            JsonNode error = JSON.readTree(errorBody);
            Matcher m = AT_MOST.matcher(error.path("message").asText());
            if (!refused.apiKey() || !"message".equals(error.path("field").asText()) || !m.find()) return Optional.empty();
            int limit = Integer.parseInt(m.group(1));
            ObjectNode event = (ObjectNode) JSON.readTree(refused.body());
            String message = event.path("message").asText();
            if (message.length() <= limit) return Optional.empty();
            event.put("message", message.substring(message.length() - limit)); // the end of the output matters most
            return Optional.of(new Report(refused.method(), refused.url(), refused.contentType(), JSON.writeValueAsString(event),
                    true, refused.what(), refused.recordedAt()));
        } catch (JsonProcessingException | NumberFormatException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private Report report(ObjectNode event, String what, String at) {
        try {
            return new Report("POST", eventsUrl, "application/json", JSON.writeValueAsString(event), true, what, at);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON event; indicates a bug", e);
        }
    }
}
