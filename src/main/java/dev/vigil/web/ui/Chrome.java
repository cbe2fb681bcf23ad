package dev.vigil.web.ui;

import dev.vigil.domain.Project;
import java.util.List;

/**
 * What every page's frame shows: the title, the projects to switch between, the current one, the
 * section in the navigation, who is logged in, and the CSRF token forms and htmx carry.
 *
 * @param project the current project, or null on cluster-wide pages
 * @param section the navigation entry to mark current: board, running, upcoming, incidents, silences, alerts, agents
 * @param canOperate whether the key may run, pause, resume and cancel (operator or above)
 * @param clusterWide whether the key is valid in every project, and so may see cluster-wide pages (agents)
 */
public record Chrome(String title, List<Project> projects, Project project, String section,
                     String who, String role, String csrf, boolean canOperate, boolean clusterWide) {

    /** The path of a section in the current project (or in the first project on cluster-wide pages). */
    public String href(String target) {
        String slug = project != null ? project.slug() : projects.isEmpty() ? null : projects.getFirst().slug();
        return slug == null ? "/ui" : "/ui/p/" + slug + (target.equals("board") ? "" : "/" + target);
    }
}
