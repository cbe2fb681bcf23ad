package dev.vigil.web.ui;

import dev.vigil.domain.Health;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import dev.vigil.store.JobStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The landing page: every project the caller may see with its jobs counted by status, the red and
 * unhealthy ones first to the eye; how to define the first job when there is none; and, for admins,
 * a form to create a project.
 *
 * @param canEdit        whether the caller may define jobs (editor and above)
 * @param projectForm    the create-project form, for admins valid in every project; null for others
 */
public record HomeView(Chrome chrome, List<Card> cards, int jobs, boolean canEdit, ProjectForm projectForm) {

    /** One project: its jobs per status, how many are red (failed, missed, overdue) and how many unhealthy. */
    public record Card(Project project, int total, Map<Status, Integer> counts, int red, int unhealthy) {
        static Card of(Project project, List<JobStore.Summary> jobs) {
            Map<Status, Integer> counts = new EnumMap<>(Status.class);
            int red = 0, unhealthy = 0;
            for (JobStore.Summary j : jobs) {
                counts.merge(j.state().status(), 1, Integer::sum);
                if (j.state().status().colour() == Status.Colour.RED) red++;
                if (j.state().health() == Health.UNHEALTHY) unhealthy++;
            }
            return new Card(project, jobs.size(), counts, red, unhealthy);
        }

        public int count(Status s) {
            return counts.getOrDefault(s, 0);
        }

        public String path() {
            return Dashboard.ROOT + "/p/" + project.slug();
        }
    }

    /** What was typed in the create-project form, and the error of the last try at its field (slug, name or form). */
    public record ProjectForm(String csrf, String slug, String name, String errorField, String error) {
        public String errorFor(String field) {
            return field.equals(errorField) ? error : null;
        }
    }
}
