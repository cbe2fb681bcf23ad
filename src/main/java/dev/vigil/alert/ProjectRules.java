package dev.vigil.alert;

import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.Channel;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Silence;
import dev.vigil.store.Tx;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's alert setup as one transaction sees it: routes, channels, escalation policies,
 * maintenance windows and the silences not yet ended. Read once and shared by every incident the
 * transaction opens, so that a storm of thousands of jobs going down at once reads it once, not once
 * per incident (bench/README.md, "Incident storm").
 *
 * @param silences the silences that end after the moment it was read
 */
record ProjectRules(long projectId, List<AlertRoute> routes, List<Channel> channels,
                    Map<String, EscalationPolicy> policies, List<MaintenanceWindow> windows, List<Silence> silences) {

    static ProjectRules load(Tx tx, long projectId, Instant now) {
        Map<String, EscalationPolicy> policies = new HashMap<>();
        for (EscalationPolicy p : tx.alertRules().policies(projectId)) policies.put(p.name(), p);
        return new ProjectRules(projectId, tx.alertRules().routes(projectId), tx.channels().byProject(projectId),
                Map.copyOf(policies), tx.alertRules().windows(projectId), tx.alertRules().silences(projectId, now));
    }

    Optional<EscalationPolicy> policy(String name) {
        return Optional.ofNullable(policies.get(name));
    }

    Optional<Channel> channel(long id) {
        return channels.stream().filter(c -> c.id() == id).findFirst();
    }

    Optional<Channel> channelNamed(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
