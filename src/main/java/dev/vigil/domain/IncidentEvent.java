package dev.vigil.domain;

import java.time.Instant;

/**
 * One line of an incident's history: what happened to it, when, and who did it.
 *
 * @param action what happened: {@code opened}, {@code notified}, {@code suppressed},
 *               {@code released}, {@code escalated}, {@code repeated}, {@code acknowledged},
 *               {@code resolved}, {@code recovered}, {@code severity}, {@code flapping},
 *               {@code flipped}, {@code calm}
 * @param actor  the API key's name for actions taken by people; null for Vigil's own
 * @param detail the specifics in words (which channels, which silence …)
 */
public record IncidentEvent(long id, long incidentId, Instant at, String action, String actor, String detail) {
}
