package dev.vigil.domain;

import java.time.Instant;

/**
 * An alert channel attached to a project: where notifications go.
 *
 * @param kind   the channel type, e.g. {@code webhook} or {@code log}
 * @param config the channel's settings as a JSON object (URL, secret …)
 */
public record Channel(long id, long projectId, String kind, String name, String config, Instant createdAt) {
}
