package dev.vigil.web.healthchecks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.ApiKey.Role;
import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import dev.vigil.security.ApiKeys;
import dev.vigil.security.Sight;
import dev.vigil.store.JobStore;
import dev.vigil.store.Transactor;
import dev.vigil.web.KeyCheck;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may do what through Healthchecks' API: the caller's Vigil key, the project(s) it speaks for,
 * and the check it addresses, with Healthchecks' answers (401, 403, 404) when it may not.
 */
final class HcAccess {
    private final Transactor store;
    private final KeyCheck keys;

    HcAccess(Transactor store, KeyCheck keys) {
        this.store = store;
        this.keys = keys;
    }

    /**
     * The check at {@code {code}}: its uuid, or (for reads, as Healthchecks allows) its
     * {@code unique_key} within the projects the key may read. A check of a project the key may not
     * act in is a 403, as in Healthchecks.
     */
    Job find(Context ctx, ApiKey key, Role role, boolean byUniqueKey) {
        String code = ctx.pathParam("code");
        Optional<Job> job;
        try {
            UUID uuid = UUID.fromString(code);
            job = uuid.toString().equals(code.toLowerCase(java.util.Locale.ROOT))
                    ? store.read(tx -> tx.jobs().byUuid(uuid)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            job = !byUniqueKey ? Optional.empty() : store.read(tx -> tx.jobs().list(
                            new JobStore.Filter(key.projectId(), null, null, null, null, 10_000))).stream()
                    .map(JobStore.JobWithState::job).filter(j -> j.uniqueKey().equals(code)).findFirst();
        }
        Job found = job.orElseThrow(() -> new HcError(404, "not found"));
        require(key, role, found.projectId());
        return found;
    }

    /** The project a list is about: the key's own, or {@code ?project=}, or (null) every project. */
    Long scope(Context ctx, ApiKey key) {
        String slug = ctx.queryParam("project");
        if (slug == null) return key.projectId();
        Project p = store.read(tx -> tx.projects().bySlug(slug)).orElseThrow(() -> new HcError(404, "no project '" + slug + "'"));
        if (key.projectId() != null && key.projectId() != p.id()) {
            throw new HcError(403, "this API key may not act in project '" + slug + "'");
        }
        return p.id();
    }

    /**
     * Where a new check goes: the key's project; for a key valid in every project, {@code ?project=}
     * or a {@code "project"} field, or the only project there is. Otherwise a 400 that says so.
     */
    Project projectForCreate(Context ctx, ApiKey key, JsonNode body) {
        String slug = ctx.queryParam("project");
        JsonNode field = body.get("project");
        if (slug == null && field != null) {
            if (!field.isTextual()) throw HcError.invalid("project is not a string");
            slug = field.asText();
        }
        if (slug != null) {
            String s = slug;
            Project p = store.read(tx -> tx.projects().bySlug(s)).orElseThrow(() -> new HcError(404, "no project '" + s + "'"));
            if (key.projectId() != null && key.projectId() != p.id()) {
                throw new HcError(403, "this API key may not act in project '" + s + "'");
            }
            return p;
        }
        if (key.projectId() != null) return store.read(tx -> tx.projects().byId(key.projectId())).orElseThrow();
        List<Project> all = store.read(tx -> tx.projects().list());
        if (all.size() == 1) return all.getFirst();
        throw new HcError(400, "this API key is valid in every project: say which with ?project=<slug> or a \"project\" field (projects: "
                + String.join(", ", all.stream().map(Project::slug).toList()) + ")");
    }

    /**
     * The caller's key: {@code X-Api-Key} (or Vigil's {@code Authorization: Bearer}), or an
     * {@code api_key} field of a JSON body, as Healthchecks accepts. Failures are counted and
     * throttled by Vigil's key check, like every API key check.
     */
    ApiKey authenticate(Context ctx, JsonNode body) {
        String presented = ctx.header("X-Api-Key");
        String auth = ctx.header("Authorization");
        if ((presented == null || presented.isBlank()) && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = auth.substring(7);
        }
        if ((presented == null || presented.isBlank()) && body != null && body.path("api_key").isTextual()) {
            presented = body.get("api_key").asText();
        }
        if (presented == null || presented.isBlank()) throw new HcError(401, "missing api key");
        ApiKey key = keys.check(ctx, presented.trim(), "API key", () -> new HcError(401, "wrong api key"));
        if (key.role() == Role.AGENT) throw new HcError(403, "an agent key may only take and report work");
        return key;
    }

    static void require(ApiKey key, Role role, Long projectId) {
        if (ApiKeys.allows(key, role, projectId)) return;
        if (key.projectId() != null && !key.projectId().equals(projectId)) {
            throw new HcError(403, "this API key may not act in this check's project");
        }
        throw new HcError(403, readonly(key) ? "this API key is read-only" : "this API key may not do this (needs " + role.wire() + ")");
    }

    /** Healthchecks' read-only view: for keys that may not ping (Vigil's viewers; PRODUCT.md §9). */
    static boolean readonly(ApiKey key) {
        return !Sight.of(key).pingSecrets();
    }
}
