package dev.vigil.alert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Job;
import dev.vigil.domain.VigilException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What one alert says, independent of where it goes: built once from a flip when the notification
 * is enqueued and stored as the notification's JSON payload, so that a later rename of the job does
 * not change what an already-raised incident says. Each channel renders it in its own format.
 *
 * @param kind       {@code down} when the flip opens an incident, {@code up} when it resolves one
 * @param status     the job's status after the flip (wire name, e.g. {@code missed})
 * @param health     the job's health after the flip (wire name)
 * @param reason     human-readable text from the flip, e.g. "no start within grace"
 * @param since      when the flip happened
 * @param jobUrl     the job's page in the dashboard
 * @param lastOutput the output of the last run, size-limited by ingest; may be null
 */
public record AlertMessage(
        UUID jobUuid,
        String project,
        String slug,
        String name,
        String owner,
        List<String> tags,
        String kind,
        String status,
        String health,
        String reason,
        Instant since,
        long flipId,
        String jobUrl,
        String lastOutput) {

    public static final String DOWN = "down";
    public static final String UP = "up";

    // A configured ObjectMapper is immutable in use and thread-safe: a constant, not shared state.
    private static final ObjectMapper JSON = AlertJson.newMapper();

    public AlertMessage {
        Objects.requireNonNull(jobUuid, "jobUuid");
        Objects.requireNonNull(kind, "kind");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * The message for {@code flip} of {@code job}.
     *
     * @param baseUrl    the dashboard's external URL, e.g. {@code https://vigil.example.com}
     * @param lastOutput the last run's output, or null
     */
    public static AlertMessage of(Job job, Flip flip, String baseUrl, String lastOutput) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(flip, "flip");
        Objects.requireNonNull(baseUrl, "baseUrl");
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new AlertMessage(
                job.uuid(), job.project(), job.slug(), job.name(), job.owner(), job.tags(),
                flip.alerting() ? DOWN : UP,
                flip.toStatus() == null ? null : flip.toStatus().wire(),
                flip.toHealth() == null ? null : flip.toHealth().wire(),
                flip.reason(), flip.at(), flip.id(),
                base + "/projects/" + job.project() + "/jobs/" + job.slug(),
                lastOutput);
    }

    @JsonIgnore
    public boolean isDown() {
        return DOWN.equals(kind);
    }

    /** "project/slug", how people name a job. */
    public String jobKey() {
        return project + "/" + slug;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new VigilException("internal", "cannot write alert message as JSON; indicates a bug", e);
        }
    }

    /** @throws VigilException with code {@code invalid_payload} if the JSON is not an alert message */
    public static AlertMessage fromJson(String json) {
        try {
            return JSON.readValue(json, AlertMessage.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new VigilException("invalid_payload", "not an alert message: " + e.getMessage(), e);
        }
    }
}
