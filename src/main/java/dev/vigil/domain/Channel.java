package dev.vigil.domain;

import java.time.Instant;

/**
 * An alert channel attached to a project: where notifications go.
 *
 * @param kind         the channel type, e.g. {@code webhook} or {@code log}
 * @param config       the channel's settings as a JSON object (URL, secret …)
 * @param fallback     told when another channel of the project fails to deliver
 * @param failingSince when deliveries to it started failing for good (a permanent error or retries
 *                     exhausted); null while it works. The next successful delivery clears it.
 * @param failingError the error that made it failing; null while it works
 */
public record Channel(long id, long projectId, String kind, String name, String config, Instant createdAt,
                      boolean fallback, Instant failingSince, String failingError) {

    public Channel(long id, long projectId, String kind, String name, String config, Instant createdAt) {
        this(id, projectId, kind, name, config, createdAt, false, null, null);
    }

    public boolean failing() {
        return failingSince != null;
    }
}
