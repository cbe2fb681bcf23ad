package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Who is told, and when, while an incident stays unacknowledged: ordered steps, each after a delay
 * counted from the incident's first notification; then the last step again every
 * {@code repeatEvery} (if set), at most {@code repeatTimes} times (null: until acknowledged or
 * resolved).
 */
public record EscalationPolicy(long id, long projectId, String name, List<Step> steps, Duration repeatEvery,
                               Integer repeatTimes, Instant createdAt) {

    public EscalationPolicy {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /**
     * @param after    delay from the first notification; 0 for the first step
     * @param channels channel names of the project
     * @param owner    also notify the channel named after the job's owner
     */
    public record Step(Duration after, List<String> channels, boolean owner) {
        public Step {
            channels = channels == null ? List.of() : List.copyOf(channels);
        }
    }
}
