package dev.vigil.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.domain.VigilException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where an incident's notifications go, fixed when it opens so that editing routes later does not
 * re-route incidents already under way: the matched route's name, its escalation steps (channel
 * ids) and the repeat of the last step. Stored on the incident as JSON.
 *
 * @param route        the matched route's name (or {@code default} when the project has no routes)
 * @param policy       the escalation policy's name; null for a route with channels only
 * @param steps        at least one; the first is sent when the incident is first notified
 * @param repeatEvery  milliseconds between repetitions of the last step; null for none
 * @param repeatTimes  how many repetitions at most; null for no limit
 */
record Targets(String route, String policy, List<Step> steps, Long repeatEvery, Integer repeatTimes) {
    private static final ObjectMapper JSON = AlertJson.newMapper();

    Targets {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("targets need at least one step");
    }

    /**
     * @param after    milliseconds after the first notification
     * @param channels channel ids
     * @param owner    also the channel named after the job's owner
     */
    record Step(long after, List<Long> channels, boolean owner) {
        Step {
            channels = List.copyOf(channels);
        }
    }

    /**
     * When the escalation after step {@code step} with {@code repeats} repetitions is due, for an
     * incident first notified at {@code notifiedAt}; null when nothing more is planned.
     */
    Instant nextEscalation(Instant notifiedAt, int step, int repeats) {
        if (step + 1 < steps.size()) return notifiedAt.plusMillis(steps.get(step + 1).after());
        if (repeatEvery == null || (repeatTimes != null && repeats >= repeatTimes)) return null;
        return notifiedAt.plusMillis(steps.getLast().after()).plus(Duration.ofMillis(repeatEvery).multipliedBy(repeats + 1L));
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new VigilException("internal", "cannot write incident targets; indicates a bug", e);
        }
    }

    static Targets fromJson(String json) {
        try {
            return JSON.readValue(json, Targets.class);
        } catch (JsonProcessingException e) {
            throw new VigilException("internal", "unreadable incident targets: " + e.getOriginalMessage(), e);
        }
    }
}
