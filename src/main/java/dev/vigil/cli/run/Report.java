package dev.vigil.cli.run;

import java.net.URI;

/**
 * One report as the HTTP request that delivers it: what the reporters build, what the spool keeps
 * on disk and replays. The API key is never part of it; it is added when sending
 * ({@code apiKey} says whether one is needed).
 *
 * @param what       for messages: "start of run 3f2a…", "finish of run 3f2a…"
 * @param recordedAt when the wrapper made the report (ISO-8601), kept for the record
 */
record Report(String method, String url, String contentType, String body, boolean apiKey, String what, String recordedAt) {

    /** scheme://host:port — reports to one origin are delivered in order. */
    String origin() {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }
}
