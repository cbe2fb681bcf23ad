package dev.vigil.domain;

import java.time.Instant;

/**
 * One change in the audit log (PRODUCT.md §9): who, what (before and after, as JSON with secrets
 * left out; null where there was nothing), when and from where.
 *
 * @param action    what was done, {@code <kind>.<verb>}: {@code job.update}, {@code key.delete}, {@code login.failed}
 * @param projectId the project the change is in; null for global changes (keys valid everywhere, logins)
 * @param target    what was changed, e.g. {@code billing/nightly}, {@code 42}
 */
public record AuditEntry(long id, Instant at, Actor actor, String action, Long projectId, String target,
                         String before, String after) {

    public static AuditEntry of(Instant at, Actor actor, String action, Long projectId, String target, String before,
                                String after) {
        return new AuditEntry(0, at, actor, action, projectId, target, before, after);
    }
}
