package dev.vigil.domain;

import java.util.List;

/**
 * One routing rule of a project: which incidents it takes and where they go. Rules are tried in
 * order; the first that matches decides, unless it says {@code continueMatching}, in which case
 * later matching rules add their channels too. Empty match lists match anything.
 *
 * @param name       a label shown in incident histories; may be null
 * @param tags       matches a job with any of these tags
 * @param owners     matches a job with any of these owners
 * @param severities {@code critical} and/or {@code warning}; empty means critical only, so that
 *                   warnings are sent only where a rule asks for them
 * @param channels   channel names to notify at once
 * @param escalation an escalation policy's name, or null
 */
public record AlertRoute(String name, List<String> tags, List<String> owners, List<String> severities,
                         List<String> channels, String escalation, boolean continueMatching) {

    public AlertRoute {
        tags = tags == null ? List.of() : List.copyOf(tags);
        owners = owners == null ? List.of() : List.copyOf(owners);
        severities = severities == null ? List.of() : List.copyOf(severities);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** Whether this rule takes an incident of {@code severity} for {@code job}. */
    public boolean matches(Job job, Incident.Severity severity) {
        boolean severityOk = severities.isEmpty() ? severity == Incident.Severity.CRITICAL
                : severities.contains(severity.wire());
        if (!severityOk) return false;
        if (!tags.isEmpty() && job.tags().stream().noneMatch(tags::contains)) return false;
        return owners.isEmpty() || (job.owner() != null && owners.contains(job.owner()));
    }
}
