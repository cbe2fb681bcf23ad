package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Project;
import java.time.Instant;
import org.junit.jupiter.api.Test;

public abstract class ProjectStoreContract extends StoreContract {

    @Test
    void inserted_project_is_found_by_id_slug_and_ping_key() {
        Project p = project("prod");

        assertThat(p.id()).isPositive();
        assertThat(db.read((Tx tx) -> tx.projects().byId(p.id()))).contains(p);
        assertThat(db.read((Tx tx) -> tx.projects().bySlug("prod"))).contains(p);
        assertThat(db.read((Tx tx) -> tx.projects().byPingKey("ping-key-prod"))).contains(p);
    }

    @Test
    void unknown_projects_are_empty() {
        assertThat(db.read((Tx tx) -> tx.projects().byId(42))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.projects().bySlug("nope"))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.projects().byPingKey("nope"))).isEmpty();
    }

    @Test
    void duplicate_slug_is_a_conflict_naming_the_slug() {
        project("prod");

        assertThatThrownBy(() -> db.write(tx -> tx.projects().insert("prod", "Other", "other-key", T0)))
                .isInstanceOf(ConflictException.class)
                .hasMessage("a project with slug 'prod' already exists");
    }

    @Test
    void duplicate_ping_key_is_a_conflict() {
        db.write(tx -> tx.projects().insert("prod", "Prod", "same", T0));

        assertThatThrownBy(() -> db.write(tx -> tx.projects().insert("dev", "Dev", "same", T0)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("ping key");
    }

    @Test
    void list_is_ordered_by_slug() {
        project("qa");
        project("dev");
        project("prod");

        assertThat(db.read((Tx tx) -> tx.projects().list())).extracting(Project::slug).containsExactly("dev", "prod", "qa");
    }

    @Test
    void created_at_is_kept_to_the_millisecond() {
        Instant fine = Instant.parse("2026-03-01T12:00:00.123456789Z");

        Project p = db.write(tx -> tx.projects().insert("prod", "Prod", "k", fine));

        Instant millis = Instant.parse("2026-03-01T12:00:00.123Z");
        assertThat(p.createdAt()).isEqualTo(millis);
        assertThat(db.read((Tx tx) -> tx.projects().byId(p.id()))).map(Project::createdAt).contains(millis);
    }
}
