package dev.vigil.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Actor;
import dev.vigil.domain.Job;
import dev.vigil.domain.JobState;
import dev.vigil.domain.Project;
import dev.vigil.domain.ValidationException;
import dev.vigil.security.ApiKeys;
import dev.vigil.security.Sight;
import dev.vigil.store.Transactor;
import java.time.Instant;
import java.util.Set;

/**
 * The API's own reading of job and project definitions, public for the dashboard's forms: a form
 * builds the JSON the API would receive and goes through here, so there is one set of rules.
 */
public final class Definitions {
    private Definitions() {}

    /** A job as {@code PUT /api/v1/jobs/{project}/{slug}} reads it. */
    public static Job job(JsonNode body, Project project, String slug, Instant now) {
        return JobInput.read(body, project, slug, now);
    }

    /**
     * A job as {@code PATCH} reads it: the fields of {@code patch} replace those of {@code current},
     * a JSON null clears one.
     */
    public static Job patched(Job current, JobState state, JsonNode patch, Project project, Instant now) {
        JsonNode merged = JobInput.merge(Json.MAPPER.valueToTree(Views.job(current, state, "", now, Sight.ALL)), patch);
        return JobInput.read(merged, project, current.slug(), now);
    }

    /** {@code POST /api/v1/projects}: {@code slug} and {@code name}; recorded in the audit log by {@code actor}. */
    public static Project createProject(Transactor store, AuditLog audit, Actor actor, JsonNode body, Instant now) {
        Fields.rejectUnknown(body, "", Set.of("slug", "name"), Set.of());
        String slug = Project.checkSlug(Fields.text(body, "slug", 64), "slug");
        String name = Fields.text(body, "name", 200);
        if (name != null && name.isBlank()) throw new ValidationException("name", "must not be blank");
        return store.write(tx -> {
            Project created = tx.projects().insert(slug, name == null ? slug : name,
                    ApiKeys.random(ProjectRoutes.PING_KEY_LENGTH), now);
            audit.record(tx, actor, "project.create", created.id(), created.slug(), null, Views.project(created, false));
            return created;
        });
    }
}
