package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.domain.Managed;
import dev.vigil.domain.Project;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public abstract class ManagedStoreContract extends StoreContract {

    @Test
    void a_mark_is_put_replaced_listed_by_project_and_deleted() {
        Project p = project("prod");
        db.write(tx -> {
            tx.managed().put(new Managed(p.id(), Managed.JOB, "backup", "apply", "uuid-1", null), T0);
            tx.managed().put(new Managed(p.id(), Managed.CHANNEL, "hook", "apply", "7", Map.of("secret", "env:HOOK", "headers.X", "file:x")), T0);
            tx.managed().put(new Managed(p.id(), Managed.ROUTES, "", "other", null, null), T0);
            return null;
        });

        assertThat(db.read((Tx tx) -> tx.managed().byProject(p.id()))).containsExactly(
                new Managed(p.id(), Managed.CHANNEL, "hook", "apply", "7", Map.of("secret", "env:HOOK", "headers.X", "file:x")),
                new Managed(p.id(), Managed.JOB, "backup", "apply", "uuid-1", Map.of()),
                new Managed(p.id(), Managed.ROUTES, "", "other", null, Map.of()));

        db.write(tx -> {
            tx.managed().put(new Managed(p.id(), Managed.CHANNEL, "hook", "other", "8", null), T0);
            return null;
        });
        assertThat(db.read((Tx tx) -> tx.managed().byProject(p.id()))).first()
                .isEqualTo(new Managed(p.id(), Managed.CHANNEL, "hook", "other", "8", Map.of()));

        assertThat(deleted(p, "backup")).isTrue();
        assertThat(deleted(p, "backup")).isFalse();
        assertThat(db.read((Tx tx) -> tx.managed().byProject(p.id()))).hasSize(2);
    }

    @Test
    void the_projects_of_a_source_are_those_where_it_manages_something() {
        Project a = project("a");
        Project b = project("b");
        project("c");
        db.write(tx -> {
            tx.managed().put(new Managed(a.id(), Managed.JOB, "x", "repo", "k-x", null), T0);
            tx.managed().put(new Managed(a.id(), Managed.JOB, "y", "repo", "k-y", null), T0);
            tx.managed().put(new Managed(b.id(), Managed.WINDOW, "w", "repo", "k-w", null), T0);
            tx.managed().put(new Managed(b.id(), Managed.JOB, "z", "elsewhere", "k-z", null), T0);
            return null;
        });

        assertThat(db.read((Tx tx) -> tx.managed().projectsOf("repo"))).isEqualTo(List.of(a.id(), b.id()));
        assertThat(db.read((Tx tx) -> tx.managed().projectsOf("nobody"))).isEmpty();
    }

    @Test
    void a_project_is_renamed() {
        Project p = project("prod");

        assertThat(renamed(p.id(), "Production")).isTrue();

        assertThat(db.read((Tx tx) -> tx.projects().bySlug("prod")).orElseThrow().name()).isEqualTo("Production");
        assertThat(renamed(p.id() + 1000, "Nope")).isFalse();
    }

    private boolean deleted(Project p, String job) {
        Boolean b = db.write((Tx tx) -> tx.managed().delete(p.id(), Managed.JOB, job));
        return b;
    }

    private boolean renamed(long id, String name) {
        Boolean b = db.write((Tx tx) -> tx.projects().rename(id, name));
        return b;
    }
}
