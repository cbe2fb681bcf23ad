package dev.vigil.web.ui;

import dev.vigil.domain.Incident;
import dev.vigil.domain.IncidentEvent;
import dev.vigil.domain.Project;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A project's incidents: the active ones (open or acknowledged) first, then a page of resolved ones.
 *
 * @param before the page of resolved incidents shown: those with an id below this; null for the newest
 * @param older  where the next page of resolved incidents starts; null if there is none
 */
public record IncidentsView(Project project, JobView.Access access, List<Row> active, List<Row> resolved,
                            Long before, Long older) {

    public record Page(Chrome chrome, IncidentsView view) {}

    public String path() {
        return Dashboard.ROOT + "/p/" + project.slug() + "/incidents";
    }

    public String liveUrl() {
        return path() + "?fragment=1" + (before == null ? "" : "&before=" + before);
    }

    /** One incident with the job it is about; {@code now} for how long it has lasted. */
    public record Row(Incident i, String project, String jobSlug, String jobName, Instant now) {

        public String path() {
            return Dashboard.ROOT + "/p/" + project + "/incidents/" + i.id();
        }

        /** The element id of its row, which its buttons re-render. */
        public String rowId() {
            return "incident-" + i.id();
        }

        public String severityColour() {
            return i.severity() == Incident.Severity.CRITICAL ? "red" : "orange";
        }

        public String severityIcon() {
            return Icons.svg(i.severity() == Incident.Severity.CRITICAL ? "alert" : "bang");
        }

        public String severityLabel() {
            return i.severity() == Incident.Severity.CRITICAL ? "Critical" : "Warning";
        }

        public String stateColour() {
            return switch (i.state()) {
                case OPEN -> "red";
                case ACKNOWLEDGED -> "yellow";
                case RESOLVED -> "green";
            };
        }

        public String stateIcon() {
            return Icons.svg(switch (i.state()) {
                case OPEN -> "dot";
                case ACKNOWLEDGED -> "user";
                case RESOLVED -> "check";
            });
        }

        public String stateLabel() {
            return switch (i.state()) {
                case OPEN -> "Open";
                case ACKNOWLEDGED -> "Acknowledged";
                case RESOLVED -> "Resolved";
            };
        }

        /** How long it lasted, or has lasted so far: {@code 2 h 5 min}. */
        public String lasted() {
            Instant end = i.resolvedAt() != null ? i.resolvedAt() : now;
            return Human.duration(Duration.between(i.openedAt(), end));
        }

        /** Who resolved it, in words: a person's key name, or the job's recovery. */
        public String resolvedBy() {
            if (i.resolvedAt() == null) return null;
            return i.resolvedBy() == null ? "the job recovered" : i.resolvedBy();
        }

        /** The escalation reached, in words; null while nothing was sent. */
        public String escalation() {
            if (i.notifiedAt() == null) return null;
            return "step " + (i.step() + 1) + (i.repeats() == 0 ? "" : ", repeated " + i.repeats() + "×");
        }
    }

    /** One row on its own, as an action re-renders it: the incident and whether to show the buttons. */
    public record RowPart(Row row, JobView.Access access) {}

    /** One incident's page: its facts, its history (oldest first) and the notifications about it. */
    public record Detail(JobView.Access access, Row row, List<IncidentEvent> history, List<AlertsView.Row> notifications) {

        public String liveUrl() {
            return row.path() + "?fragment=1";
        }
    }

    public record DetailPage(Chrome chrome, Detail detail) {}
}
