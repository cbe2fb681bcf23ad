package dev.vigil.cli.run;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends reports, never for long and never failing the job: a report the server cannot take now
 * (unreachable, 5xx, 408, 429) goes to the spool; a report it refuses (any other 4xx) is dropped with
 * a warning (from the spool: moved to {@code dead/}). Reports to one server are delivered in order:
 * while older ones for it wait in the spool, a new one joins them instead of overtaking them.
 */
final class Delivery {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** After a server failed to answer, new reports to it go straight to the spool for this long. */
    static final Duration BACK_OFF = Duration.ofSeconds(30);

    /** The API key, and the server it may be sent to. */
    record Credentials(String server, String key) {
        boolean coversUrl(String url) {
            return url.startsWith(server.endsWith("/") ? server : server + "/");
        }
    }

    enum Result { DELIVERED, LATER, REFUSED }

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Spool spool;
    private final Credentials credentials; // null: the ping-URL form
    private final Consumer<String> warn;
    private final Map<String, Long> downUntil = new HashMap<>();

    Delivery(Spool spool, Credentials credentials, Consumer<String> warn) {
        this.spool = spool;
        this.credentials = credentials;
        this.warn = warn;
    }

    /** Delivers {@code report} now or spools it; replays what waits in the spool first. */
    synchronized void submit(Report report) {
        if (!spool.pending().isEmpty()) replay(Duration.ofSeconds(20));
        Result result = waitingFor(report.origin()) ? Result.LATER : send(report);
        if (result == Result.LATER) {
            try {
                spool.add(report);
            } catch (IOException e) {
                warn.accept("could not report the " + report.what() + " and could not spool it in " + spool.dir() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Sends the spooled reports oldest first, each removed only once the server took it (2xx). A
     * server that fails keeps its remaining reports for next time; other servers' go on.
     *
     * @return true if nothing sendable is left and nothing was refused
     */
    synchronized boolean replay(Duration budget) {
        Optional<Closeable> lock;
        try {
            lock = spool.tryLock();
        } catch (IOException e) {
            warn.accept("cannot lock the spool " + spool.dir() + ": " + e.getMessage());
            return false;
        }
        if (lock.isEmpty()) return false; // another wrapper is replaying right now
        try {
            return replayLocked(System.nanoTime() + budget.toNanos());
        } catch (IOException e) {
            warn.accept("replaying the spool failed: " + e.getMessage());
            return false;
        } finally {
            try {
                lock.get().close();
            } catch (IOException e) {
                // the lock goes with the process anyway
            }
        }
    }

    private boolean replayLocked(long deadline) throws IOException {
        boolean clean = true;
        for (Spool.Entry e : spool.pending()) {
            Report r = e.report();
            if (r.apiKey() && (credentials == null || !credentials.coversUrl(r.url()))) {
                clean = false; // needs an API key for that server; a later run with one sends it
                continue;
            }
            if (isDown(r.origin()) || System.nanoTime() > deadline) {
                clean = false;
                continue;
            }
            switch (send(r)) {
                case DELIVERED -> spool.remove(e);
                case LATER -> clean = false;
                case REFUSED -> {
                    warn.accept("moved the " + r.what() + " to " + spool.bury(e.file()) + "; the server will never accept it");
                    clean = false;
                }
            }
        }
        return clean;
    }

    Result send(Report r) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(r.url())).timeout(REQUEST_TIMEOUT);
        if (r.body() == null) b.method(r.method(), HttpRequest.BodyPublishers.noBody());
        else b.method(r.method(), HttpRequest.BodyPublishers.ofString(r.body())).header("Content-Type", r.contentType());
        if (r.apiKey() && credentials != null) b.header("Authorization", "Bearer " + credentials.key());
        try {
            HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) return Result.DELIVERED;
            if (status >= 500 || status == 429 || status == 408) {
                markDown(r.origin());
                warn.accept("the server answered " + status + " to the " + r.what() + "; spooled for later");
                return Result.LATER;
            }
            Optional<Report> shorter = ApiReporter.withMessageThatFits(r, response.body());
            if (shorter.isPresent()) return send(shorter.get());
            warn.accept("the server refused the " + r.what() + ": " + status + " " + abbreviate(response.body()));
            return Result.REFUSED;
        } catch (IOException e) {
            markDown(r.origin());
            warn.accept("could not reach " + r.origin() + " for the " + r.what() + " (" + describe(e) + "); spooled for later");
            return Result.LATER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.LATER;
        }
    }

    /** True if reports to this origin must wait: it failed a moment ago, or older ones wait in the spool. */
    private boolean waitingFor(String origin) {
        if (isDown(origin)) return true;
        List<Spool.Entry> left = spool.pending();
        return left.stream().map(Spool.Entry::report)
                .anyMatch(r -> r.origin().equals(origin) && (!r.apiKey() || credentials != null && credentials.coversUrl(r.url())));
    }

    private boolean isDown(String origin) {
        Long until = downUntil.get(origin);
        return until != null && System.nanoTime() - until < 0;
    }

    private void markDown(String origin) {
        downUntil.put(origin, System.nanoTime() + BACK_OFF.toNanos());
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static String abbreviate(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() > 300 ? b.substring(0, 300) + "…" : b;
    }
}
