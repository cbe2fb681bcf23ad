package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.domain.ConflictException;
import dev.vigil.domain.Project;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public abstract class TransactorContract extends StoreContract {

    @Test
    void a_write_is_visible_to_later_reads() {
        db.write(tx -> tx.projects().insert("prod", "Production", "k1", T0));

        assertThat(db.read((Tx tx) -> tx.projects().bySlug("prod"))).map(Project::name).contains("Production");
    }

    @Test
    void a_write_returns_the_work_result() {
        String result = db.write(tx -> "done");

        assertThat(result).isEqualTo("done");
    }

    @Test
    void a_failed_write_changes_nothing() {
        RuntimeException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> db.write(tx -> {
            tx.projects().insert("prod", "Production", "k1", T0);
            tx.projects().insert("dev", "Development", "k2", T0);
            throw boom;
        })).isSameAs(boom);

        assertThat(db.read((Tx tx) -> tx.projects().list())).isEmpty();
    }

    @Test
    void a_conflict_rolls_back_the_whole_write() {
        project("prod");

        assertThatThrownBy(() -> db.write(tx -> {
            tx.projects().insert("dev", "Development", "k2", T0);
            return tx.projects().insert("prod", "Again", "k3", T0);
        })).isInstanceOf(ConflictException.class);

        assertThat(db.read((Tx tx) -> tx.projects().list())).extracting(Project::slug).containsExactly("prod");
    }

    @Test
    void the_store_is_usable_after_a_failed_write() {
        assertThatThrownBy(() -> db.write(tx -> { throw new IllegalArgumentException("no"); }));

        project("prod");

        assertThat(db.read((Tx tx) -> tx.projects().bySlug("prod"))).isPresent();
    }

    @Test
    void every_write_of_a_transaction_commits_together() {
        db.write(tx -> {
            tx.projects().insert("a", "A", "ka", T0);
            tx.projects().insert("b", "B", "kb", T0);
            return null;
        });

        assertThat(db.read((Tx tx) -> tx.projects().list())).hasSize(2);
    }

    @Test
    void reads_run_while_a_write_is_open() throws Exception {
        project("prod");
        Optional<Project> seenDuringWrite = db.write(tx -> {
            tx.projects().insert("dev", "Development", "k2", T0);
            // Another thread reads meanwhile: it must not wait for this write, nor see it yet.
            try {
                return java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> db.read(r -> r.projects().bySlug("dev")))
                        .get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        assertThat(seenDuringWrite).isEmpty();
        assertThat(db.read((Tx tx) -> tx.projects().bySlug("dev"))).isPresent();
    }

    @Test
    void a_write_inside_a_write_is_refused() {
        assertThatThrownBy(() -> db.write(tx -> db.write(inner -> null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("indicates a bug");
    }

    @Test
    void a_read_cannot_write() {
        assertThatThrownBy(() -> db.read(tx -> tx.projects().insert("prod", "Production", "k1", T0)))
                .isInstanceOf(StoreException.class);

        assertThat(db.read((Tx tx) -> tx.projects().list())).isEmpty();
    }

    @Test
    void names_its_database() {
        assertThat(db.databaseName()).isIn("sqlite", "postgresql");
    }
}
