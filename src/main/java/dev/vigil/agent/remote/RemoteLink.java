package dev.vigil.agent.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.agent.ServerLink;
import dev.vigil.agent.wire.Poll;
import dev.vigil.agent.wire.PollReply;
import dev.vigil.agent.wire.RunEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link of {@code vigil agent} to the server: outbound HTTP only (no port is opened on the
 * worker). Polls are held open by the server; run events go to the {@link EventSpool} on disk first
 * and a delivery thread sends them in order and in batches, so a server that is down or restarting
 * costs nothing but delay.
 */
public final class RemoteLink implements ServerLink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteLink.class);
    static final int BATCH = 500;
    /** Well under the server's request size limit (1 MB), however the JSON escapes the output. */
    static final long MAX_REQUEST_BYTES = 400_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String server;
    private final String token;
    private final String agent;
    private final EventSpool spool;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Thread delivery;
    private volatile boolean closed;

    /** @param server the server's base URL, e.g. {@code https://vigil.example.com} */
    public RemoteLink(String server, String token, String agent, Path spoolDir) throws IOException {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.token = token;
        this.agent = agent;
        this.spool = new EventSpool(spoolDir);
        this.delivery = Thread.ofPlatform().name("vigil-agent-delivery").daemon(true).start(this::deliverLoop);
    }

    @Override
    public PollReply poll(Poll poll) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = post("/api/v1/agent/poll", poll, Duration.ofMillis(poll.waitMillis()).plus(REQUEST_TIMEOUT));
        } catch (Rejected e) {
            throw new Refused(400, e.getMessage()); // this agent's settings are wrong: say so, do not hammer
        }
        return WireJson.MAPPER.readValue(r.body(), PollReply.class);
    }

    @Override
    public void send(RunEvent event) {
        spool.append(event);
    }

    @Override
    public Set<Long> undelivered() {
        return spool.undeliveredFinishes();
    }

    @Override
    public boolean flush(Duration max) throws InterruptedException {
        return spool.awaitEmpty(max.toMillis());
    }

    @Override
    public void leave(String name, String instance) throws IOException, InterruptedException {
        post("/api/v1/agent/leave", Map.of("name", name, "instance", instance), REQUEST_TIMEOUT);
    }

    /** Events waiting in the spool (for tests and metrics). */
    public int pending() {
        return spool.size();
    }

    private void deliverLoop() {
        long backoff = 0;
        while (!closed) {
            try {
                List<RunEvent> batch = bounded(spool.peek(BATCH, 1_000));
                if (batch.isEmpty()) continue;
                deliver(batch);
                backoff = 0;
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                backoff = Math.min(Math.max(backoff * 2, 250), 5_000);
                log.warn("cannot deliver {} run events ({}); retrying in {} ms", spool.size(), e.toString(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** The leading events that fit a request the server accepts (at least one). */
    static List<RunEvent> bounded(List<RunEvent> events) {
        long bytes = 0;
        int n = 0;
        for (RunEvent e : events) {
            bytes += 200 + (e.text() == null ? 0 : 2L * e.text().length());
            if (n > 0 && bytes > MAX_REQUEST_BYTES) break;
            n++;
        }
        return events.subList(0, n);
    }

    /**
     * Sends a batch; on success all of it is on the server. A batch the server rejects as malformed
     * (400) is sent again one by one, and only the events it rejects alone are dropped, so one bad
     * event cannot hold back every report after it.
     */
    private void deliver(List<RunEvent> batch) throws IOException, InterruptedException {
        try {
            post("/api/v1/agent/events", Map.of("agent", agent, "events", batch), REQUEST_TIMEOUT);
            spool.delivered(batch.size());
        } catch (Rejected e) {
            if (batch.size() == 1) {
                log.error("the server rejected run event {}: {}; dropped", batch.getFirst(), e.getMessage());
                spool.delivered(1);
                return;
            }
            for (RunEvent one : batch) deliver(List.of(one));
        }
    }

    /** A 400: the request itself is wrong and will stay wrong. */
    private static final class Rejected extends IOException {
        Rejected(String message) {
            super(message);
        }
    }

    private HttpResponse<String> post(String path, Object body, Duration timeout) throws IOException, InterruptedException {
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
        if (status == 400) throw new Rejected(message);
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
        closed = true;
        delivery.interrupt();
        http.close();
        spool.close();
    }
}
