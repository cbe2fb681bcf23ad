package dev.vigil.web.ui;

import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Project;
import dev.vigil.domain.Silence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A project's silences in force or to come, and its maintenance windows.
 *
 * @param oob whether the list replaces the page's list from an answer aimed elsewhere (htmx out of band)
 */
public record SilencesView(Project project, JobView.Access access, List<SilenceRow> silences, List<WindowRow> windows,
                           boolean oob) {

    /** @param windowForm the create-window form (the same record as the silence form's), for operators; else null */
    public record Page(Chrome chrome, SilencesView view, Form form, Form windowForm) {}

    public String path() {
        return Dashboard.ROOT + "/p/" + project.slug() + "/silences";
    }

    public String liveUrl() {
        return path() + "?fragment=1";
    }

    SilencesView outOfBand() {
        return new SilencesView(project, access, silences, windows, true);
    }

    /** What a silence or window matches, in words. */
    static String matcher(String job, String tag) {
        return job != null ? "job " + job : tag != null ? "tag " + tag : "the whole project";
    }

    public record SilenceRow(Silence s, Instant now) {
        public boolean active() {
            return s.activeAt(now);
        }

        public String matcher() {
            return SilencesView.matcher(s.job(), s.tag());
        }

        /** {@code 3 h 5 min}: until it ends if in force, else until it starts. */
        public String until() {
            return Human.duration(Duration.between(now, active() ? s.endsAt() : s.startsAt()));
        }
    }

    /**
     * @param schedule    the cron expression in words, with the time zone
     * @param activeUntil the end of the occurrence in force; null if none is
     * @param nextStart   the next occurrence's start; null if there is none
     */
    public record WindowRow(MaintenanceWindow w, String schedule, Instant activeUntil, Instant nextStart) {
        public String matcher() {
            return SilencesView.matcher(w.job(), w.tag());
        }

        public String duration() {
            return Human.duration(w.duration());
        }
    }

    /**
     * The create-silence form, for operators: the project's jobs to choose from, what was typed, and
     * the error of the last try, shown next to its field.
     *
     * @param errorField the form field the error is about (scope, job, tag, end, comment), or null
     */
    public record Form(Project project, String csrf, List<JobOption> jobs, Map<String, String> values, String errorField,
                       String error) {
        public static final List<String> PRESETS = List.of("1h", "4h", "1d", "7d");

        public String path() {
            return Dashboard.ROOT + "/p/" + project.slug() + "/silences";
        }

        public String value(String name, String otherwise) {
            String v = values.get(name);
            return v == null ? otherwise : v;
        }

        public String errorFor(String field) {
            return field.equals(errorField) ? error : null;
        }
    }

    public record JobOption(String slug, String name) {}
}
