package dev.vigil.web.healthchecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Job;
import dev.vigil.domain.Schedule;
import dev.vigil.schedule.Schedules;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A Healthchecks check definition (the body of create and update), checked as Healthchecks checks
 * it, with its error wording, and turned into the JSON of Vigil's own job API, so that Vigil's job
 * rules decide the rest. Fields Healthchecks has and Vigil does not are accepted while they ask for
 * Healthchecks' default, refused otherwise (docs/healthchecks.md). Unknown fields are ignored, as
 * Healthchecks ignores them.
 */
record CheckSpec(String name, String slug, List<String> tags, String desc, Long timeout, Long grace,
                 String schedule, String tz, List<String> unique) {
    static final long MIN_SECONDS = 60;
    static final long MAX_SECONDS = 31_536_000;
    /** Healthchecks' defaults for a new check: a simple check of one day, with one hour of grace. */
    static final long DEFAULT_TIMEOUT = 86_400;
    static final long DEFAULT_GRACE = 3_600;
    private static final Set<String> UNIQUE = Set.of("name", "slug", "tags", "timeout", "grace");
    private static final List<String> KEYWORDS = List.of("subject", "subject_fail", "start_kw", "success_kw",
            "failure_kw", "req_start_kw", "req_success_kw", "req_failure_kw");

    static CheckSpec read(JsonNode body) {
        String name = text(body, "name", 100);
        String slug = text(body, "slug", 100);
        if (slug != null && !slug.matches("[a-z0-9_-]*")) throw HcError.invalid("slug does not match pattern");
        String tags = text(body, "tags", 500);
        String desc = text(body, "desc", 10_000);
        Long timeout = seconds(body, "timeout");
        Long grace = seconds(body, "grace");
        String schedule = text(body, "schedule", 100);
        String tz = text(body, "tz", 64);
        if (tz != null && !ZoneId.getAvailableZoneIds().contains(tz) && !tz.equals("UTC")) {
            throw HcError.invalid("tz is not a valid timezone");
        }
        if (schedule != null) checkCron(schedule, tz);
        text(body, "channels", 10_000); // routing is Vigil's alert rules: accepted, not used
        bool(body, "manual_resume"); // a ping never resumes a paused Vigil job: either value is accepted
        String methods = text(body, "methods", 30);
        if (methods != null && !methods.isEmpty() && !methods.equals("POST")) throw HcError.invalid("methods has unexpected value");
        if ("POST".equals(methods)) throw HcError.invalid("methods: Vigil counts HEAD, GET and POST pings alike; only \"\" is supported");
        for (String k : KEYWORDS) {
            String v = text(body, k, 200);
            if (v != null && !v.isEmpty()) throw HcError.invalid(k + ": Vigil does not classify pings by keywords; only \"\" is supported");
        }
        for (String f : List.of("filter_subject", "filter_body")) {
            if (Boolean.TRUE.equals(bool(body, f))) throw HcError.invalid(f + ": Vigil does not classify pings by keywords; only false is supported");
        }
        return new CheckSpec(name, slug, tags == null ? null : tagList(tags), desc, timeout, grace, schedule, tz, unique(body));
    }

    /** The body of {@code PUT /api/v1/jobs/{project}/{slug}} for a new check, with Healthchecks' defaults. */
    ObjectNode create() {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        if (name != null && !name.isEmpty()) b.put("name", name);
        if (desc != null && !desc.isEmpty()) b.put("description", desc);
        if (tags != null) tags.forEach(b.putArray("tags")::add);
        if (schedule != null) {
            b.putObject("schedule").put("cron", schedule).put("timezone", tz == null ? "UTC" : tz);
        } else {
            b.putObject("schedule").put("every", (timeout == null ? DEFAULT_TIMEOUT : timeout) + "s");
        }
        b.put("grace", (grace == null ? DEFAULT_GRACE : grace) + "s");
        return b;
    }

    /** The body of {@code PATCH /api/v1/jobs/{project}/{slug}}: only what is given changes. */
    ObjectNode patch(Job current) {
        if (slug != null && !slug.equals(current.slug())) {
            throw HcError.invalid("slug cannot be changed: in Vigil a job's slug is its name in its project");
        }
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        if (name != null) {
            if (name.isEmpty()) b.putNull("name"); else b.put("name", name);
        }
        if (desc != null) {
            if (desc.isEmpty()) b.putNull("description"); else b.put("description", desc);
        }
        if (tags != null) tags.forEach(b.putArray("tags")::add);
        String currentZone = current.schedule() instanceof Schedule.Cron c ? c.zone().getId() : null;
        if (schedule != null) {
            b.putObject("schedule").put("cron", schedule).put("timezone", tz != null ? tz : currentZone != null ? currentZone : "UTC");
        } else if (timeout != null) {
            b.putObject("schedule").put("every", timeout + "s");
        } else if (tz != null && currentZone != null) {
            b.put("timezone", tz);
        }
        if (grace != null) b.put("grace", grace + "s");
        return b;
    }

    /**
     * Whether {@code job} matches on every field named in {@code unique}, as Healthchecks' upsert
     * looks up; false when one of them is not given (then Healthchecks creates a new check).
     */
    boolean matches(Job job) {
        for (String f : unique) {
            boolean same = switch (f) {
                case "name" -> name != null && name.equals(job.name());
                case "slug" -> slug != null && slug.equals(job.slug());
                case "tags" -> tags != null && tags.equals(job.tags());
                case "timeout" -> timeout != null && job.schedule() instanceof Schedule.Every e && e.interval().toSeconds() == timeout;
                case "grace" -> grace != null && CheckView.grace(job).toSeconds() == grace;
                default -> throw new IllegalStateException("unique field " + f + " was not checked; indicates a bug");
            };
            if (!same) return false;
        }
        return true;
    }

    boolean upsert() {
        return !unique.isEmpty() && unique.stream().allMatch(f -> switch (f) {
            case "name" -> name != null;
            case "slug" -> slug != null;
            case "tags" -> tags != null;
            case "timeout" -> timeout != null;
            default -> grace != null;
        });
    }

    private static void checkCron(String schedule, String tz) {
        if (schedule.strip().contains("\n") || schedule.trim().split("\\s+").length != 5) {
            throw HcError.invalid("schedule: Vigil does not support OnCalendar expressions; give a five-field cron expression");
        }
        try {
            Schedules.parseCron(schedule, tz == null ? "UTC" : tz);
        } catch (RuntimeException e) {
            throw HcError.invalid("schedule is not a valid cron or OnCalendar expression (" + e.getMessage() + ")");
        }
    }

    private static List<String> tagList(String tags) {
        return Arrays.stream(tags.split(" ")).map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
    }

    private static List<String> unique(JsonNode body) {
        JsonNode u = body.get("unique");
        if (u == null) return List.of();
        if (!u.isArray()) throw HcError.invalid("unique is not an array");
        List<String> out = new ArrayList<>();
        for (JsonNode item : u) {
            if (!item.isTextual() || !UNIQUE.contains(item.asText())) throw HcError.invalid("an item in 'unique' has unexpected value");
            out.add(item.asText());
        }
        return out;
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode n = body.get(field);
        if (n == null) return null;
        if (!n.isTextual()) throw HcError.invalid(field + " is not a string");
        if (n.asText().length() > max) throw HcError.invalid(field + " is too long");
        return n.asText();
    }

    private static Long seconds(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null) return null;
        if (!n.isIntegralNumber() || !n.canConvertToLong()) throw HcError.invalid(field + " is not a number");
        long v = n.asLong();
        if (v < MIN_SECONDS) throw HcError.invalid(field + " is too small");
        if (v > MAX_SECONDS) throw HcError.invalid(field + " is too large");
        return v;
    }

    private static Boolean bool(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null) return null;
        if (!n.isBoolean()) throw HcError.invalid(field + " is not a boolean");
        return n.asBoolean();
    }
}
