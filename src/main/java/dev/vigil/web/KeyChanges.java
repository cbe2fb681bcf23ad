package dev.vigil.web;

import dev.vigil.domain.Actor;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Enums;
import dev.vigil.domain.ForbiddenException;
import dev.vigil.domain.NotFoundException;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.ApiKeys;
import dev.vigil.store.Transactor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating, listing and revoking API keys, for the API and the dashboard alike. Admin keys only; an
 * admin key bound to a project manages that project's keys and no others. The secret exists in the
 * answer to its creation and nowhere else: only its hash is stored.
 */
public final class KeyChanges {
    private static final Logger log = LoggerFactory.getLogger(KeyChanges.class);
    private final Transactor store;
    private final AuditLog audit;
    private final Clock clock;

    public KeyChanges(Transactor store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** A key just made, with its secret: shown once. @param project the slug of its project, or null */
    public record Created(ApiKey key, String secret, String project) {}

    /** A key as listed. @param project its project's slug, or null for a key valid in every project */
    public record Listed(ApiKey key, String project) {}

    /** The keys {@code caller} may manage, oldest first. */
    public List<Listed> list(ApiKey caller) {
        Long scope = caller.projectId();
        requireAdmin(caller, scope);
        return store.read(tx -> {
            Map<Long, String> slugs = tx.projects().list().stream().collect(Collectors.toMap(Project::id, Project::slug));
            return tx.apiKeys().list().stream().filter(k -> scope == null || scope.equals(k.projectId()))
                    .map(k -> new Listed(k, k.projectId() == null ? null : slugs.get(k.projectId()))).toList();
        });
    }

    /**
     * @param roleText    viewer, operator, editor, admin or agent
     * @param projectSlug null for a key valid in every project
     * @throws ValidationException naming {@code name}, {@code role} or {@code project}
     */
    public Created create(ApiKey caller, Actor actor, String name, String roleText, String projectSlug) {
        requireAdmin(caller, caller.projectId());
        if (name == null || name.isBlank()) throw new ValidationException("name", "is required");
        if (name.length() > 100) throw new ValidationException("name", "must be at most 100 characters");
        if (roleText == null || roleText.isBlank()) {
            throw new ValidationException("role", "is required: viewer, operator, editor, admin or agent");
        }
        Role role = Enums.fromWire(Role.class, roleText, "role");
        Project project = projectSlug == null ? null : store.read(tx -> tx.projects().bySlug(projectSlug))
                .orElseThrow(() -> new NotFoundException("no project '" + projectSlug + "'"));
        requireAdmin(caller, project == null ? null : project.id());
        String secret = ApiKeys.generate();
        ApiKey key = store.write(tx -> {
            ApiKey created = tx.apiKeys().insert(new ApiKey(0, name, ApiKeys.prefix(secret), ApiKeys.hash(secret),
                    project == null ? null : project.id(), role, clock.instant()));
            audit.record(tx, actor, "key.create", created.projectId(), Long.toString(created.id()), null, view(created, projectSlug));
            return created;
        });
        log.info("API key {} '{}' ({}, project {}) created by key {}", key.id(), key.name(), role.wire(),
                projectSlug == null ? "all" : projectSlug, caller.id());
        return new Created(key, secret, projectSlug);
    }

    /**
     * Revokes key {@code id}: it no longer authenticates, from the next request on.
     *
     * @throws ConflictException for the caller's own key, and for the last admin key valid in every project
     */
    public ApiKey delete(ApiKey caller, Actor actor, long id) {
        requireAdmin(caller, caller.projectId());
        if (id == caller.id()) {
            throw new ConflictException("an API key cannot delete itself; delete it with another admin key");
        }
        ApiKey deleted = store.write(tx -> {
            // A key the caller may not manage is one it cannot see: answered like a key that does not exist.
            ApiKey target = tx.apiKeys().byId(id)
                    .filter(k -> ApiKeys.allows(caller, Role.ADMIN, k.projectId()))
                    .orElseThrow(() -> new NotFoundException("no API key " + id));
            if (target.role() == Role.ADMIN && target.projectId() == null && tx.apiKeys().lockGlobalAdmins() <= 1) {
                throw new ConflictException("this is the last admin key valid in every project; create another before deleting it");
            }
            tx.apiKeys().delete(id);
            audit.record(tx, actor, "key.delete", target.projectId(), Long.toString(id), view(target, null), null);
            return target;
        });
        log.info("API key {} '{}' ({}) deleted by key {}", deleted.id(), deleted.name(), deleted.role().wire(), caller.id());
        return deleted;
    }

    /** The API's view of a key: never its secret or hash. */
    public static Map<String, Object> view(ApiKey k, String projectSlug) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("name", k.name());
        m.put("role", k.role().wire());
        if (projectSlug != null) m.put("project", projectSlug);
        m.put("prefix", k.prefix());
        m.put("createdAt", k.createdAt());
        return m;
    }

    private static void requireAdmin(ApiKey caller, Long projectId) {
        if (!ApiKeys.allows(caller, Role.ADMIN, projectId)) {
            throw new ForbiddenException("this API key may not do this (needs admin)");
        }
    }
}
