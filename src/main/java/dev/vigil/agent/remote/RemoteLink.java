package dev.vigil.agent.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.agent.spool.SpooledEvents;
import dev.vigil.agent.spool.SpooledLink;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import dev.vigil.agent.wire.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The link of {@code vigil agent} to the server: outbound HTTP only (no port is opened on the
 * worker). Polls are held open by the server; run events are {@link SpooledEvents spooled} on disk
 * first and sent in order and in batches, so a server that is down or restarting costs nothing but
 * delay.
 */
public final class RemoteLink extends SpooledLink {
    static final int BATCH = 500;
    /** Well under the server's request size limit (1 MB), however the JSON escapes the output. */
    static final long MAX_REQUEST_BYTES = 400_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The servers' base URLs, tried in turn from the one that answered last. */
    private final List<String> servers;
    private volatile int current;
    private final String token;
    private final String agent;
    private final String instance;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * @param servers the base URL of the server, e.g. {@code https://vigil.example.com}, or of
     *                several servers sharing one database, separated by commas: a call that cannot
     *                reach one (or gets a 5xx) goes to the next, and the agent stays with the one
     *                that answered
     * @param instance the agent's instance: its events are accepted only from the instance registered
     *                 under its name (with this token)
     */
    public RemoteLink(String servers, String token, String agent, String instance, Path spoolDir) throws IOException {
        super(spoolDir, "vigil-agent-delivery", BATCH, MAX_REQUEST_BYTES);
        this.servers = parseServers(servers);
        this.token = token;
        this.agent = agent;
        this.instance = instance;
        startDelivery();
    }

    @Override
    public PollReply poll(Poll poll) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = post("/api/v1/agent/poll", poll, Duration.ofMillis(poll.waitMillis()).plus(REQUEST_TIMEOUT));
        } catch (SpooledEvents.Rejected e) {
            throw new Refused(400, e.getMessage()); // this agent's settings are wrong: say so, do not hammer
        }
        return WireJson.MAPPER.readValue(r.body(), PollReply.class);
    }

    @Override
    public void leave(String name, String instance) throws IOException, InterruptedException {
        post("/api/v1/agent/leave", Map.of("name", name, "instance", instance), REQUEST_TIMEOUT);
    }

    /**
     * One request with the whole batch. A 400 (malformed) or a 409 (a run that is not this agent's
     * any more: given back to the queue and taken by another agent) has it split up, and the events
     * refused alone are dropped ({@link SpooledEvents.Rejected}); a 403 (the name is not this token's,
     * or another instance took it over) is retried, as the server may know the agent again later.
     */
    @Override
    protected void deliver(List<RunEvent> batch) throws IOException, InterruptedException {
        try {
            post("/api/v1/agent/events", Map.of("agent", agent, "instance", instance, "events", batch), REQUEST_TIMEOUT);
        } catch (Refused e) {
            if (e.status() == 409) throw new SpooledEvents.Rejected(e.getMessage());
            throw e;
        }
    }

    /** The base URLs of a comma-separated list, without trailing slashes. */
    public static List<String> parseServers(String servers) {
        List<String> out = java.util.Arrays.stream(servers.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
        if (out.isEmpty()) throw new IllegalArgumentException("no server URL in '" + servers + "'");
        return out;
    }

    /** The server the last call reached (or will try first). */
    public String server() {
        return servers.get(current);
    }

    private HttpResponse<String> post(String path, Object body, Duration timeout) throws IOException, InterruptedException {
        IOException failed = null;
        int first = current;
        for (int i = 0; i < servers.size(); i++) {
            int at = (first + i) % servers.size();
            try {
                HttpResponse<String> r = post(servers.get(at), path, body, timeout);
                current = at;
                return r;
            } catch (SpooledEvents.Rejected | Refused e) {
                current = at;
                throw e; // an answer about this agent or its events, the same from every server
            } catch (IOException e) {
                if (failed == null) failed = e;
                else failed.addSuppressed(e);
            }
        }
        throw failed;
    }

    private HttpResponse<String> post(String server, String path, Object body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.MAPPER.writeValueAsBytes(body)))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = r.statusCode();
        if (status / 100 == 2) return r;
        String message = message(r.body(), status);
        if (status == 400) throw new SpooledEvents.Rejected(message);
        if (status == 401 || status == 403 || status == 409) throw new Refused(status, message);
        throw new IOException("the server answered " + status + " to " + path + ": " + message);
    }

    private static String message(String body, int status) {
        try {
            JsonNode n = WireJson.MAPPER.readTree(body);
            if (n != null && n.hasNonNull("message")) return n.get("message").asText();
        } catch (IOException e) {
            // not our JSON error: show the start of the body
        }
        return body == null || body.isBlank() ? "HTTP " + status : body.substring(0, Math.min(200, body.length()));
    }

    @Override
    public void close() throws IOException {
        super.close();
        http.close();
    }
}
