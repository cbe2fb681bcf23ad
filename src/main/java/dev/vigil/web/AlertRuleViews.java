package dev.vigil.web;

import dev.vigil.alert.MaintenanceSchedule;
import dev.vigil.domain.AlertRoute;
import dev.vigil.domain.EscalationPolicy;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Silence;
import dev.vigil.schedule.Durations;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON of routes, escalation policies, silences and maintenance windows: what the API reads, plus ids and times. */
final class AlertRuleViews {
    private AlertRuleViews() {}

    static Map<String, Object> route(AlertRoute r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("tags", r.tags());
        match.put("owners", r.owners());
        match.put("severities", r.severities());
        m.put("match", match);
        m.put("channels", r.channels());
        m.put("escalation", r.escalation());
        m.put("continue", r.continueMatching());
        return m;
    }

    static Map<String, Object> policy(EscalationPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("steps", p.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("after", Durations.format(s.after()));
            step.put("channels", s.channels());
            step.put("owner", s.owner());
            return step;
        }).toList());
        if (p.repeatEvery() != null) {
            Map<String, Object> repeat = new LinkedHashMap<>();
            repeat.put("every", Durations.format(p.repeatEvery()));
            repeat.put("times", p.repeatTimes());
            m.put("repeat", repeat);
        }
        m.put("createdAt", p.createdAt());
        return m;
    }

    static Map<String, Object> silence(Silence s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("job", s.job());
        m.put("tag", s.tag());
        m.put("startsAt", s.startsAt());
        m.put("endsAt", s.endsAt());
        m.put("active", s.activeAt(now));
        m.put("comment", s.comment());
        m.put("createdBy", s.createdBy());
        m.put("createdAt", s.createdAt());
        return m;
    }

    static Map<String, Object> window(MaintenanceWindow w, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("name", w.name());
        m.put("job", w.job());
        m.put("tag", w.tag());
        m.put("cron", w.cron());
        m.put("duration", Durations.format(w.duration()));
        m.put("timezone", w.timezone());
        m.put("activeUntil", MaintenanceSchedule.activeUntil(w, now).orElse(null));
        m.put("nextStart", MaintenanceSchedule.nextStart(w, now));
        m.put("comment", w.comment());
        m.put("createdBy", w.createdBy());
        m.put("createdAt", w.createdAt());
        return m;
    }
}
